#pragma once
// One descriptor per moviecontainer token: its muxer, its file extensions, and the metadata keys it stores
// in its own way (others need QuickTime's `mdta` key list to survive).

#include <span>
#include <string_view>
#include <vector>

namespace frameout {

//! One movie container frameout writes.
struct Container {
  std::string_view token;                        //!< moviecontainer token
  std::string_view muxer;                        //!< libav muxer name
  std::vector<std::string_view> extensions;      //!< file extensions, the usual one first
  bool any_metadata_key = false;                 //!< stores any key natively (Matroska tags)
  std::vector<std::string_view> native_keys;     //!< otherwise: the keys its muxer stores natively
  bool colour_metadata = true;                   //!< holds colour tags and HDR mastering / light-level data
};

//! Every container this build writes.
std::span<const Container> containers();
//! The descriptor of a moviecontainer token, or nullptr.
const Container* find_container(std::string_view token);
//! The container whose extensions include `extension` (any case, with its dot), or nullptr.
const Container* container_for_extension(std::string_view extension);

}  // namespace frameout
