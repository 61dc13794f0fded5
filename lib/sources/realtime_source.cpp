#include "sources/realtime_source.hpp"

#include <algorithm>
#include <thread>

#include "system/interrupt.hpp"

namespace frameout {

ReadResult RealtimeSource::read(VideoFrame& frame) {
  using Clock = std::chrono::steady_clock;
  if (inner_->read(frame) == ReadResult::End) return ReadResult::End;
  if (!start_) start_ = Clock::now();
  const std::chrono::duration<double> offset(static_cast<double>(delivered_++) * rate_.den / rate_.num);
  const auto due = *start_ + std::chrono::duration_cast<Clock::duration>(offset);
  // Short sleeps, so a stop request is seen within 20 ms.
  for (auto now = Clock::now(); now < due && !interrupt_requested(); now = Clock::now())
    std::this_thread::sleep_for(std::min<Clock::duration>(due - now, std::chrono::milliseconds(20)));
  return ReadResult::Frame;
}

}  // namespace frameout
