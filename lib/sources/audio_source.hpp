#pragma once
// The interface every PCM source implements. End of stream is an ordinary result.

#include <cstdint>

#include "media/audio_block.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! A producer of interleaved PCM.
class AudioSource {
 public:
  virtual ~AudioSource() = default;
  //! Rate, channels and sample format, known before the first read.
  virtual AudioInfo info() const = 0;
  //! Fills `block` with up to `max_frames` sample frames (reusing its buffer); End when the stream is over or
  //! a stop was requested. Throws Error(Input) naming the input when the data is damaged.
  virtual ReadResult read(AudioBlock& block, int64_t max_frames) = 0;
  //! Whether reading may pause without holding up anyone (generated sound, regular files); a pipe or FIFO
  //! must always be drained, or its producer could block on it while we wait for the other stream.
  virtual bool can_wait() const = 0;
};

}  // namespace frameout
