#pragma once
// The frame rate an image file records about the sequence it belongs to, where its format has a place for one.

#include <filesystem>
#include <optional>

#include "media/rational.hpp"

namespace frameout {

//! The rate stored in the file's header (EXR's framesPerSecond attribute), or nullopt when the format stores
//! none, the file has none, or the value is not a positive rate.
std::optional<Rational> stored_frame_rate(const std::filesystem::path& path);

}  // namespace frameout
