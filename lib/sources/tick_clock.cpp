#include "sources/tick_clock.hpp"

#include <algorithm>
#include <thread>

#include "system/interrupt.hpp"

namespace frameout {

namespace {

std::chrono::steady_clock::duration seconds_as_duration(double seconds) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}

}  // namespace

bool SystemTickClock::wait_until(double seconds, const std::function<bool()>& give_up) {
  using Clock = std::chrono::steady_clock;
  if (!start_) start();
  const auto due = *start_ + seconds_as_duration(seconds);
  // Short sleeps, so a stop request or the end of the input is seen within 20 ms.
  for (auto now = Clock::now(); now < due && !interrupt_requested() && !give_up(); now = Clock::now())
    std::this_thread::sleep_for(std::min<Clock::duration>(due - now, std::chrono::milliseconds(20)));
  return true;
}

void SystemTickClock::start_at(uint64_t steady_ns) {
  start_ = std::chrono::steady_clock::time_point(std::chrono::nanoseconds(steady_ns));
}

uint64_t SystemTickClock::steady_ns(double seconds) const {
  const auto at = start_.value_or(std::chrono::steady_clock::now()) + seconds_as_duration(seconds);
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count());
}

void SystemTickClock::resume_at(double seconds) {
  start_ = std::chrono::steady_clock::now() - seconds_as_duration(seconds);
}

}  // namespace frameout
