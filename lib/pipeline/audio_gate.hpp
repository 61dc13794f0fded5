#pragma once
// The sound track of a recording under Record, Pause and Add Frame: the audio that goes with a frame left out is
// left out too, and each take gets the audio of its own recorded frames, so picture and sound stay together in
// every file. One thread reads the input for the whole recording, so a live producer is drained between takes
// as well. Sample 0 goes with the start of input frame 0; frame i's audio is the samples from i / rate on. A live
// sound track (a pipe, a ring) can also be the clock of a realtime input: the time is the samples received.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "media/rational.hpp"
#include "pipeline/record_control.hpp"
#include "sources/audio_source.hpp"
#include "sources/tick_clock.hpp"
#include "system/error.hpp"

namespace frameout {

//! Splits one audio input into the sound tracks of a recording's takes, following the video reader's decisions.
class AudioGate : public FrameDecisionObserver, public TickClock {
 public:
  //! Starts reading `source`, whose samples go with the frames of a video at `video_rate`.
  AudioGate(std::unique_ptr<AudioSource> source, Rational video_rate);
  //! Stops reading (after a read in progress returns).
  ~AudioGate() override;
  AudioGate(const AudioGate&) = delete;
  AudioGate& operator=(const AudioGate&) = delete;

  void frame_decided(int64_t index, bool recorded) override;
  void take_read() override;
  //! The current take's sound track: the samples of its recorded frames in order, ending with the take. It must
  //! not outlive the gate.
  std::unique_ptr<AudioSource> track();
  //! The input's description.
  const AudioInfo& info() const { return info_; }
  //! Whether the sound comes as it is made (a pipe, a ring), so its samples can keep time.
  bool live() const { return !source_->can_wait(); }
  //! The time is the samples received: it starts with the first one, whenever the first frame comes.
  void start() override {}
  //! Waits until `seconds` of sound have been received; false when the sound ends before.
  bool wait_until(double seconds, const std::function<bool()>& give_up) override;
  //! Sound cannot stand still: the frames catch up with it (repeated) after a stall.
  void resume_at(double seconds) override { (void)seconds; }

 private:
  class Track;
  //! Samples of `take` have come or the take is over; `taken` already went to its track.
  ReadResult read_take(int64_t take, AudioBlock& block, int64_t max_frames);
  void read_stage();
  void sort_out();
  int64_t frame_start(int64_t frame) const;

  //! Samples up to `end` go to `take` (-1: left out).
  struct Span {
    int64_t end;
    int64_t take;
  };
  //! Samples sorted out for a take.
  struct Kept {
    int64_t take;
    AudioBlock block;
  };

  std::unique_ptr<AudioSource> source_;
  AudioInfo info_;
  Rational video_rate_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<AudioBlock> held_;  // read, not yet sorted out (their frames not decided yet)
  int64_t read_end_ = 0;         // samples read
  int64_t sorted_end_ = 0;       // samples sorted out (kept for a take or left out)
  bool input_over_ = false;
  std::optional<Error> input_error_;
  std::exception_ptr failure_;
  std::deque<Span> spans_;       // decided, from sorted_end_ on
  int64_t decided_end_ = 0;      // samples the decisions cover
  int64_t next_frame_ = 0;       // the frame decided next
  int64_t take_ = 0;             // the take frames are recorded into now
  int64_t closed_end_ = 0;       // decided_end_ when the last take was read to its end
  std::deque<Kept> kept_;
  bool stopping_ = false;
  std::jthread reader_;  // last: it starts once everything above is made, and is joined first
};

}  // namespace frameout
