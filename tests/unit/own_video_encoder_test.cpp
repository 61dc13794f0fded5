#include <catch2/catch.hpp>

#include <climits>
#include <new>

#include "sinks/movie/own_video_encoder.hpp"

using namespace frameout;

TEST_CASE("allocate_packet gives a packet of the size asked for, with libav's padding zeroed", "[movie]") {
  const AvPacketPtr packet = allocate_packet(1000);
  REQUIRE(packet != nullptr);
  CHECK(packet->size == 1000);
  for (int k = 0; k < AV_INPUT_BUFFER_PADDING_SIZE; ++k) CHECK(packet->data[1000 + k] == 0);
}

TEST_CASE("allocate_packet throws std::bad_alloc for a packet libav cannot hold", "[movie]") {
  // Larger than a packet's int size once padded: what the caller turns into "out of memory encoding frame N".
  CHECK_THROWS_AS(allocate_packet(static_cast<size_t>(INT_MAX)), std::bad_alloc);
  CHECK_THROWS_AS(allocate_packet(static_cast<size_t>(INT_MAX) + 1), std::bad_alloc);
}
