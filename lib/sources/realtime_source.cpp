#include "sources/realtime_source.hpp"

namespace frameout {

ReadResult RealtimeSource::read(VideoFrame& frame) {
  if (inner_->read(frame) == ReadResult::End) return ReadResult::End;
  if (delivered_++ == 0) clock_.start();
  else clock_.wait_until(static_cast<double>(delivered_ - 1) * rate_.den / rate_.num, [] { return false; });
  return ReadResult::Frame;
}

void RealtimeSource::resume_clock() {
  if (delivered_ > 0) clock_.resume_at(static_cast<double>(delivered_ - 1) * rate_.den / rate_.num);
}

}  // namespace frameout
