#pragma once
// A Matroska file left by a killed recording plays (its clusters are whole up to the last second) but has
// no Cues, no duration and an open-ended segment: rewriting its packets through libavformat gives a complete
// file. Matroska has no in-place finish like mov's, and this runs only on recovery, never on a clean stop.

#include <cstdint>
#include <filesystem>

namespace frameout {

//! Copies every stream and packet of the Matroska file `from` into the new file `to` (created with
//! create_new_file) and finishes it; returns the packets copied. Throws Error naming the file: Input when
//! `from` cannot be read or holds no packet, Output when `to` cannot be written.
int64_t rewrite_matroska(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace frameout
