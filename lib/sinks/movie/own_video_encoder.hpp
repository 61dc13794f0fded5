#pragma once
// What frameout's own video encoders (Animation, Hap DXT1, CineForm, GIF) have in common: the movie's
// VideoEncoder hands them converted frames and takes back finished packets, as it would from libavcodec.

#include <cstddef>

#include "media/libav.hpp"

namespace frameout {

//! One of frameout's own video encoders.
class OwnVideoEncoder {
 public:
  virtual ~OwnVideoEncoder() = default;

  //! The packet `frame` finishes, or null when none is ready yet; throws std::bad_alloc when out of memory.
  virtual AvPacketPtr encode(const AVFrame& frame) = 0;
  //! The packet still held back when the frames end, or null.
  virtual AvPacketPtr flush() { return nullptr; }
};

//! A packet with room for `size` bytes; throws std::bad_alloc when it cannot be had.
AvPacketPtr allocate_packet(size_t size);

}  // namespace frameout
