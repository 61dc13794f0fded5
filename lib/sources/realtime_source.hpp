#pragma once
// `--realtime on` for inputs that have no clock of their own (the test pattern, files, pipes): frame n is
// handed on no earlier than n / rate after the first, as a live source would deliver it; by the system's clock,
// or by a live sound track's when the pipeline asks (follow_clock).

#include <memory>

#include "sources/tick_clock.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! Passes frames through, each no earlier than its time on an absolute clock started at the first one.
class RealtimeSource : public VideoSource {
 public:
  //! Paces `inner` at the rate it declares.
  explicit RealtimeSource(std::unique_ptr<VideoSource> inner) : inner_(std::move(inner)), rate_(inner_->info().rate) {}
  StreamInfo info() const override { return inner_->info(); }
  ReadResult read(VideoFrame& frame) override;
  int64_t held_frames() const override { return inner_->held_frames(); }
  int64_t skipped_frames() const override { return inner_->skipped_frames(); }
  void resume_clock() override;
  //! Frames are handed on by `clock`'s time; its end (the sound's) ends the stream.
  bool follow_clock(TickClock& clock) override {
    clock_ = &clock;
    return true;
  }

 private:
  std::unique_ptr<VideoSource> inner_;
  Rational rate_;  // the pace, read once (info() copies a StreamInfo)
  SystemTickClock system_clock_;
  TickClock* clock_ = &system_clock_;  // what the frames follow
  int64_t delivered_ = 0;
};

}  // namespace frameout
