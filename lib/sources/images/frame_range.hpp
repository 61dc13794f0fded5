#pragma once
// The frames of an image-sequence input: parsed from `--frames` in the render-farm syntax, or found on disk.

#include <cstdint>
#include <string_view>
#include <vector>

#include "naming/frame_pattern.hpp"

namespace frameout {

//! first, first+step, ... up to and including `last` (first ≤ last).
struct FrameSpan {
  int64_t first = 0;  //!< first frame number
  int64_t last = 0;   //!< last frame number, reached exactly only when the step divides the distance
  int64_t step = 1;   //!< distance between frames, at least 1
  //! Number of frames in the span.
  int64_t count() const { return (last - first) / step + 1; }
  //! The frame number at `i` (0 ≤ i < count()).
  int64_t at(int64_t i) const { return first + i * step; }
};

//! An ordered list of frame numbers, stored as spans so long ranges cost no memory.
class FrameRange {
 public:
  //! Adds the frames of `span` after those already in the range.
  void append(const FrameSpan& span);
  //! Adds one frame, extending the last span when it continues it by one.
  void append(int64_t number);
  //! Number of frames (repeats count each time).
  int64_t size() const { return size_; }
  //! Whether the range has no frames.
  bool empty() const { return size_ == 0; }
  //! The frame number at `position` (0 ≤ position < size()).
  int64_t at(int64_t position) const;

 private:
  std::vector<FrameSpan> spans_;
  std::vector<int64_t> starts_;  // position of each span's first frame, for a binary search
  int64_t size_ = 0;
};

//! Parses `--frames`: comma-separated items `N`, `A-B` and `A-BxS` (step S ≥ 1), kept in the order written;
//! numbers may be negative (`-5`, `-10--1`, `-5-5`); A > B is refused. Throws Error(Usage) quoting `spec`.
FrameRange parse_frame_range(std::string_view spec);

//! The frame numbers that have a file on disk for `pattern`, ascending. A file counts when its name is exactly
//! what the pattern gives for its number (so its digits are padded as the pattern pads them).
FrameRange discover_frames(const FramePattern& pattern);

//! The span from the first to the last frame of `found` (ascending, not empty), stepping by the largest step
//! that reaches every one of them: gaps in a rendered sequence show up as missing frames, while a sequence
//! rendered on twos is not full of holes.
FrameSpan covering_span(const FrameRange& found);

}  // namespace frameout
