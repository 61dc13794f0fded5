#include "sources/realtime_source.hpp"

namespace frameout {

namespace {

// Frame n is handed on half a frame into its time, as a live input's ticks take theirs: by a sound track's
// clock, S samples at R Hz then give round(S × rate / R) frames.
double handed_at(int64_t n, Rational rate) { return (static_cast<double>(n) + 0.5) * rate.den / rate.num; }

}  // namespace

ReadResult RealtimeSource::read(VideoFrame& frame) {
  if (inner_->read(frame) == ReadResult::End) return ReadResult::End;
  if (delivered_ == 0) clock_->start();
  // The clock's sound track ended before this frame's time: the stream ends with it.
  if (!clock_->wait_until(handed_at(delivered_, rate_), [] { return false; })) return ReadResult::End;
  ++delivered_;
  return ReadResult::Frame;
}

void RealtimeSource::resume_clock() {
  if (delivered_ > 0) clock_->resume_at(handed_at(delivered_ - 1, rate_));
}

}  // namespace frameout
