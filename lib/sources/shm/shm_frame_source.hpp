#pragma once
// Frames from a producer's shared-memory ring (`--input shm:NAME`). Without realtime every published frame
// is read in order and the producer waits for room; with realtime a frame is taken on each tick of the
// output rate (ticks half a frame after the first frame's phase): the newest one published by the tick's time
// (or, a producer late by up to a frame and a half, the one that comes before the next tick), or the last one
// again when none came (a drop), passing over those a fast producer published in between (skips).

#include <optional>
#include <string>

#include "media/rational.hpp"
#include "sources/shm/shm_ring.hpp"
#include "sources/tick_clock.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! Reads video slots of a frameout shm ring.
class ShmFrameSource : public VideoSource {
 public:
  //! Attaches to shm:`name` (waiting for its producer). Realtime: frames are taken on ticks of `tick_rate`, or
  //! of the producer's rate when it is not given. `wait_for_restart`: a producer that goes away is waited for.
  //! `declared`: the stream the producer will send (size, format, rate), so that the recording gets ready
  //! before there is a ring: the first read attaches (and waits), and refuses a ring that sends another one.
  ShmFrameSource(const std::string& name, const std::string& param, bool realtime, std::optional<Rational> tick_rate,
                 bool wait_for_restart, std::optional<StreamInfo> declared = std::nullopt);

  StreamInfo info() const override { return info_; }
  ReadResult read(VideoFrame& frame) override;
  int64_t held_frames() const override { return repeats_; }
  int64_t skipped_frames() const override { return skipped_; }
  bool follow_clock(TickClock& clock) override;
  void resume_clock() override;

 private:
  ReadResult read_in_order(VideoFrame& frame);
  ReadResult read_on_tick(VideoFrame& frame);
  ReadResult end_of_take();
  bool take_on_tick();
  void unpack(const ShmRing::Slot& slot, VideoFrame& frame);
  ShmRing& ring();

  std::string name_;
  std::string param_;
  bool wait_for_restart_;
  std::optional<StreamInfo> declared_;  // the stream the user said the producer sends, at the producer's rate
  std::optional<ShmRing> ring_;  // attached in the constructor, or on the first read of a declared stream
  StreamInfo info_;
  bool realtime_;
  size_t row_bytes_ = 0;  // tight bytes of one row
  ShmRing::Slot slot_;
  SystemTickClock system_clock_;
  TickClock* clock_ = &system_clock_;  // what the ticks follow
  bool started_ = false;
  bool rephase_ = false;  // after a stall: the ticks follow the producer's phase again
  int64_t next_index_ = 0;
  int64_t repeats_ = 0;
  int64_t skipped_ = 0;
};

}  // namespace frameout
