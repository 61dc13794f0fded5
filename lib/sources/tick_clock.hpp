#pragma once
// The clock a live input takes its frames by: the system's steady clock counted from the first frame, or (the
// pipeline's choice) a live sound track, whose samples then set the time, so that the pictures follow the sound.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "media/rational.hpp"

namespace frameout {

//! When the tick of frame `n` comes, in seconds of a clock started at the first frame: half a frame into its
//! time, so a producer at the same rate publishes midway between two ticks, and by a sound track's clock S
//! samples at R Hz give round(S × rate / R) frames.
inline double tick_seconds(int64_t n, Rational rate) { return (static_cast<double>(n) + 0.5) * rate.den / rate.num; }

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
  //! Starts the count at `steady_ns` (a producer's publish time, so that the ticks keep to its phase).
  void start_at(uint64_t steady_ns);
  //! The time `seconds` past the start, in steady-clock nanoseconds: CLOCK_MONOTONIC on Linux, the clock
  //! frameout's shm producers stamp their slots with.
  uint64_t steady_ns(double seconds) const;
  bool wait_until(double seconds, const std::function<bool()>& give_up) override;
  void resume_at(double seconds) override;

 private:
  std::optional<std::chrono::steady_clock::time_point> start_;
};

}  // namespace frameout
