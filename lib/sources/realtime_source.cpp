#include "sources/realtime_source.hpp"

namespace frameout {

ReadResult RealtimeSource::read(VideoFrame& frame) {
  if (inner_->read(frame) == ReadResult::End) return ReadResult::End;
  if (delivered_ == 0) clock_->start();
  // The clock's sound track ended before this frame's time: the stream ends with it.
  if (!clock_->wait_until(tick_seconds(delivered_, rate_), [] { return false; })) return ReadResult::End;
  ++delivered_;
  return ReadResult::Frame;
}

void RealtimeSource::resume_clock() {
  if (delivered_ > 0) clock_->resume_at(tick_seconds(delivered_ - 1, rate_));
}

}  // namespace frameout
