#pragma once
// The page's Stall for File Open on a live input, whose frames are lost when not taken in time. The output is
// made ready before the first frame comes (its encoder opened; OutputOpened says when). On: the take's first
// frame is the one there when it starts, and the input's clock stands still until the output is ready, so no
// frame is repeated or passed over for the time opening took. Off: the clock runs on, and the frames taken before
// the output is ready are not recorded (counted as skipped): recording starts on a later frame.

#include <atomic>
#include <cstdint>
#include <memory>

#include "sources/video_source.hpp"

namespace frameout {

//! Says when a take's output can take frames (its encoder is open), or that it never will (the run failed).
class OutputOpened {
 public:
  //! The output is ready.
  void open() { settle(kOpen); }
  //! The run failed: nobody waits any longer.
  void abandon() { settle(kAbandoned); }
  //! Whether the output is ready now.
  bool is_open() const { return state_.load() == kOpen; }
  //! Waits until the output is ready (true) or the run failed (false).
  bool wait() const {
    state_.wait(kWaiting);
    return state_.load() == kOpen;
  }

 private:
  static constexpr int kWaiting = 0, kOpen = 1, kAbandoned = 2;
  void settle(int state) {
    int expected = kWaiting;
    state_.compare_exchange_strong(expected, state);
    state_.notify_all();
  }
  std::atomic<int> state_{kWaiting};
};

//! A live input as Stall for File Open (`stall`: on or off) takes it for one take.
class StallForOpenSource : public VideoSource {
 public:
  //! Reads `inner` for a take whose output says it is ready through `opened` (both outlive this object).
  StallForOpenSource(std::unique_ptr<VideoSource> inner, bool stall, const OutputOpened& opened)
      : inner_(std::move(inner)), stall_(stall), opened_(opened) {}
  StreamInfo info() const override { return inner_->info(); }
  ReadResult read(VideoFrame& frame) override;
  int64_t held_frames() const override { return inner_->held_frames(); }
  //! The input's own, and those read before the output was ready (stall off).
  int64_t skipped_frames() const override { return inner_->skipped_frames() + before_open_; }

 private:
  std::unique_ptr<VideoSource> inner_;
  bool stall_;
  const OutputOpened& opened_;
  int64_t taken_ = 0;
  int64_t before_open_ = 0;
};

}  // namespace frameout
