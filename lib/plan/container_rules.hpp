#pragma once
// Which container a movie goes into, and whether it can hold the codec.

#include <filesystem>
#include <string>
#include <utility>

#include "formats/video_codecs.hpp"

namespace frameout {

//! Resolves moviecontainer (automatic follows the file extension, else the codec's preferred container),
//! adds the extension when the file has none, and refuses pairs the container cannot hold.
//! Returns the container token and the libav muxer name.
std::pair<std::string, std::string> resolve_container(const VideoCodec& codec, const std::string& requested,
                                                      std::filesystem::path& file);

}  // namespace frameout
