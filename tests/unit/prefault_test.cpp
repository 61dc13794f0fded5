// Buffers sized through resize_prefaulted behave as vector::resize does: what they held stays, what they gain is
// zero, and a shrink keeps the storage for the next frame.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "system/prefault.hpp"

using namespace frameout;

TEST_CASE("resize_prefaulted keeps the contents and zero-fills the growth") {
  std::vector<uint8_t> buffer(1000, 7);
  const size_t frame = 1920 * 1080 * 4 + 3;  // not a whole number of pages
  resize_prefaulted(buffer, frame);
  REQUIRE(buffer.size() == frame);
  CHECK(std::all_of(buffer.begin(), buffer.begin() + 1000, [](uint8_t v) { return v == 7; }));
  CHECK(std::all_of(buffer.begin() + 1000, buffer.end(), [](uint8_t v) { return v == 0; }));

  const uint8_t* storage = buffer.data();
  resize_prefaulted(buffer, 100);
  resize_prefaulted(buffer, frame);
  CHECK(buffer.data() == storage);
  CHECK(buffer.size() == frame);
}
