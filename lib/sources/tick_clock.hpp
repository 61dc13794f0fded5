#pragma once
// The clock a live input takes its frames by: the system's steady clock counted from the first frame, or (the
// pipeline's choice) a live sound track, whose samples then set the time, so that the pictures follow the sound.

#include <chrono>
#include <functional>
#include <optional>

namespace frameout {

//! Time since a recording's first frame, as a live input's ticks see it.
class TickClock {
 public:
  virtual ~TickClock() = default;
  //! The first frame was taken now: the count starts.
  virtual void start() = 0;
  //! Waits until `seconds` past the start, or less when `give_up()` (asked every 20 ms) or a stop request says
  //! so. False when the clock has stopped for good (its sound has ended) before that time.
  virtual bool wait_until(double seconds, const std::function<bool()>& give_up) = 0;
  //! The clock stood still while the recording waited (Stall for File Open): from now on it reads `seconds`.
  virtual void resume_at(double seconds) = 0;
};

//! The system's steady clock.
class SystemTickClock : public TickClock {
 public:
  void start() override { start_ = std::chrono::steady_clock::now(); }
  bool wait_until(double seconds, const std::function<bool()>& give_up) override;
  void resume_at(double seconds) override;

 private:
  std::optional<std::chrono::steady_clock::time_point> start_;
};

}  // namespace frameout
