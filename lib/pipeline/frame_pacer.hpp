#pragma once
// Maps input frames to output frames when the movie's rate differs from the input's (repeat or skip,
// like FFmpeg's -r), and stops at the length limit.

#include <cstdint>
#include <optional>

#include "media/rational.hpp"

namespace frameout {

//! Decides how many output frames each input frame becomes.
class FramePacer {
 public:
  //! A pacer from `input_rate` to `output_rate`, stopping after `limit` output frames when given.
  FramePacer(Rational input_rate, Rational output_rate, std::optional<int64_t> limit);

  //! Output frames that input frame `index` fills (0 = skipped); never goes past the limit.
  int64_t outputs_for(int64_t index);
  //! The index the next output frame gets.
  int64_t next_output() const { return emitted_; }
  //! Whether the length limit has been reached.
  bool done() const { return limit_ && emitted_ >= *limit_; }

 private:
  //! Output frames whose time falls before input frame `index` starts.
  int64_t outputs_before(int64_t index) const;

  Rational input_rate_;
  Rational output_rate_;
  std::optional<int64_t> limit_;
  int64_t emitted_ = 0;
};

}  // namespace frameout
