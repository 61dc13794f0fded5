#include "sources/tick_clock.hpp"

#include <algorithm>
#include <thread>

#include "system/interrupt.hpp"

namespace frameout {

bool SystemTickClock::wait_until(double seconds, const std::function<bool()>& give_up) {
  using Clock = std::chrono::steady_clock;
  if (!start_) start();
  const auto due = *start_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  // Short sleeps, so a stop request or the end of the input is seen within 20 ms.
  for (auto now = Clock::now(); now < due && !interrupt_requested() && !give_up(); now = Clock::now())
    std::this_thread::sleep_for(std::min<Clock::duration>(due - now, std::chrono::milliseconds(20)));
  return true;
}

void SystemTickClock::resume_at(double seconds) {
  start_ = std::chrono::steady_clock::now() -
           std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}

}  // namespace frameout
