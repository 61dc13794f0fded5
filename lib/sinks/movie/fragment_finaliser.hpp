#pragma once
// Turns a fragmented mov/mp4 (an initial moov with mvex, then moof + mdat pairs) into an ordinary movie in
// place: a full moov is appended whose sample tables point at the media data where it is, then the initial
// moov and every moof are renamed `free` (a 4-byte write each). No media byte is copied or moved.

#include <cstdint>
#include <filesystem>

namespace frameout {

//! Why a movie is being finalised, which decides what a damaged file means.
enum class FinaliseMode {
  CleanStop,  //!< frameout just closed the file: anything cut short is an output error
  Recovery,   //!< a file left by a killed recording: a fragment cut short is cut off
};

//! What finalising did.
struct FinaliseSummary {
  uint64_t samples = 0;       //!< samples the full moov describes, all tracks together
  uint64_t bytes_cut = 0;     //!< bytes of an unfinished last fragment removed (Recovery only)
  bool was_finished = false;  //!< the file already had its full moov (finalising had been interrupted)
};

//! Finalises the fragmented movie `file` in place; throws Error naming the file: Output for a CleanStop
//! that fails, Input for a file Recovery cannot use (not a fragmented movie, no complete fragment).
FinaliseSummary finalise_fragmented_movie(const std::filesystem::path& file, FinaliseMode mode);

}  // namespace frameout
