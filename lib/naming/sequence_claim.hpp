#pragma once
// The numbers of an image sequence written with `--uniquesuff on`. Looking for a free name and writing it
// later lets two runs on one pattern pick the same numbers. Instead a run claims its first number with a hidden
// file beside it (".NAME.frameout-claim", linked into place, and link() never replaces, so exactly one run gets
// each number) that says how many files the run will write and which process holds it: a run looking for room
// steps over the whole range, not just the files already there, for as long as the claiming process lives
// (a killed run's claim keeps only its own number).

#include <cstdint>
#include <filesystem>
#include <optional>

#include "naming/frame_pattern.hpp"

namespace frameout {

//! A claim on a sequence's numbers, held for the run and removed when it ends.
class SequenceClaim {
 public:
  //! Claims the first number from `from` on where `count` files (unknown: one) find no file and no live claim;
  //! throws Error(Output) naming --file when the folder refuses new files or no number is left.
  SequenceClaim(const FramePattern& pattern, int64_t from, std::optional<int64_t> count);
  //! Removes the claim.
  ~SequenceClaim();
  SequenceClaim(const SequenceClaim&) = delete;
  SequenceClaim& operator=(const SequenceClaim&) = delete;

  //! The claimed number: the sequence's first.
  int64_t number() const { return number_; }

 private:
  std::filesystem::path path_;  // the hidden claim file
  int64_t number_ = 0;
};

}  // namespace frameout
