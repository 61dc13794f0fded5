#include "sinks/movie/own_video_encoder.hpp"

#include <climits>
#include <new>

namespace frameout {

AvPacketPtr allocate_packet(size_t size) {
  AvPacketPtr packet(av_packet_alloc());
  if (packet == nullptr || size > static_cast<size_t>(INT_MAX - AV_INPUT_BUFFER_PADDING_SIZE) ||
      av_new_packet(packet.get(), static_cast<int>(size)) < 0)
    throw std::bad_alloc();
  return packet;
}

}  // namespace frameout
