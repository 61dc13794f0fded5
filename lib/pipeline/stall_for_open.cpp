#include "pipeline/stall_for_open.hpp"

namespace frameout {

ReadResult StallForOpenSource::read(VideoFrame& frame) {
  if (stall_) {
    // After the first frame, the clock waits for the output (and goes on from the input's phase again when it
    // did wait; an output ready before the take began stalls nothing).
    if (taken_++ == 1 && !opened_.is_open()) {
      if (!opened_.wait()) return ReadResult::End;
      inner_->resume_clock();
    }
    return inner_->read(frame);
  }
  for (;;) {
    if (inner_->read(frame) == ReadResult::End) return ReadResult::End;
    if (opened_.is_open()) return ReadResult::Frame;
    ++before_open_;
  }
}

}  // namespace frameout
