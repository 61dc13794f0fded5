#pragma once
// The interface every frame source implements. End of stream is an ordinary result.

#include <cstdint>
#include <optional>
#include <string>

#include "media/stream_info.hpp"
#include "media/video_frame.hpp"
#include "sources/tick_clock.hpp"

namespace frameout {

//! A producer of raw frames.
class VideoSource {
 public:
  virtual ~VideoSource() = default;
  //! The stream's size, format and rate, known before the first read.
  virtual StreamInfo info() const = 0;
  //! Fills `frame` with the next frame (reusing its buffer); End when the stream is over or a stop was requested.
  //! Throws Error(Input) naming the input when the data is damaged (for example a truncated last frame).
  virtual ReadResult read(VideoFrame& frame) = 0;
  //! Frames delivered as repeats of a neighbour because the input lacked them (image sequences with holes).
  virtual int64_t held_frames() const { return 0; }
  //! Frames the input had that were passed over because newer ones came before they could be read (live inputs).
  virtual int64_t skipped_frames() const { return 0; }
  //! A live input that takes its frames on ticks (realtime shm:) takes them on `clock`'s from now on, instead of
  //! the system's; `clock` must outlive it. False when the input keeps no such clock.
  virtual bool follow_clock(TickClock& clock) {
    (void)clock;
    return false;
  }
  //! A live input's clock stood still from its last frame until now (Stall for File Open): the next tick comes one
  //! frame from now, and nothing is repeated for the time it waited. Other inputs have nothing to do.
  virtual void resume_clock() {}
};

}  // namespace frameout
