#pragma once
// The producer side of frameout's shared-memory ring for `frameout send`: creates shm:NAME for one stream
// of frames and publishes each, waiting for room while a lossless reader is a whole ring behind.

#include <string>

#include "frameout/shm_producer.h"
#include "media/stream_info.hpp"
#include "media/video_frame.hpp"

namespace frameout {

//! Owns a ring from creation to removal.
class ShmPublisher {
 public:
  //! Creates shm:`name` (mode 0600) for frames like `stream` with `slots` slots; throws Error(Output) naming
  //! `param` when the name is taken by a live producer or the segment cannot be made.
  ShmPublisher(const std::string& name, const std::string& param, const StreamInfo& stream, int slots);
  //! Ends the stream and removes the segment.
  ~ShmPublisher();
  ShmPublisher(const ShmPublisher&) = delete;
  ShmPublisher& operator=(const ShmPublisher&) = delete;

  //! Waits until a reader has attached; false when a stop was requested first.
  bool wait_for_reader();
  //! Publishes `frame`; false when a stop was requested while waiting for room.
  bool publish(const VideoFrame& frame);
  //! Time spent waiting for a lossless reader to make room, in seconds.
  double blocked_seconds() const { return blocked_seconds_; }

 private:
  fo_shm_producer producer_{};
  double blocked_seconds_ = 0;
};

}  // namespace frameout
