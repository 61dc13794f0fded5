#pragma once
// `frameout recover`: a temporary movie left by a killed recording becomes a finished movie under its final
// name. mov/mp4 are finalised in place and renamed; Matroska is rewritten into the final name.

#include <cstdint>
#include <filesystem>
#include <optional>

namespace frameout {

//! What recovery made.
struct RecoveredMovie {
  std::filesystem::path file;  //!< the finished movie
  uint64_t samples = 0;        //!< samples (mov/mp4) or packets (mkv) it holds, all tracks together
  uint64_t bytes_cut = 0;      //!< bytes of an unfinished last fragment that were dropped (mov/mp4)
};

//! Recovers `part` into `output`, or, without one, into the name the temporary name stands for (in the same
//! folder). Refuses an existing output unless `overwrite`. Throws Error naming the file: Usage when no output
//! name can be derived, Input when `part` is missing or unusable, Output when the output cannot be written.
RecoveredMovie recover_movie(const std::filesystem::path& part, const std::optional<std::filesystem::path>& output,
                             bool overwrite);

}  // namespace frameout
