#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "sinks/movie/qtrle_encoder.hpp"

using frameout::qtrle_encode_line;

namespace {

// 3-byte pixels whose value is one byte repeated, for readable expectations.
std::vector<uint8_t> pixels(std::initializer_list<uint8_t> values) {
  std::vector<uint8_t> out;
  for (const uint8_t v : values) out.insert(out.end(), {v, v, v});
  return out;
}

}  // namespace

TEST_CASE("qtrle lines: leading skip, skip codes, repeats, literals, trailing pixels left out", "[movie]") {
  const auto previous = pixels({1, 2, 3, 4, 5, 6, 7, 8});
  const auto line = pixels({1, 2, 9, 9, 9, 6, 5, 8});
  std::vector<uint8_t> out;
  qtrle_encode_line(line.data(), previous.data(), 8, 3, out);
  // skip 2 (byte 3), repeat 9 three times, skip 1 (code 0, byte 2), one literal 5, then end: pixel 8 unchanged.
  CHECK(out == std::vector<uint8_t>{3, 0xFD, 9, 9, 9, 0, 2, 1, 5, 5, 5, 0xFF});

  out.clear();
  qtrle_encode_line(previous.data(), previous.data(), 8, 3, out);
  CHECK(out == std::vector<uint8_t>{1, 0xFF});  // an unchanged line

  out.clear();
  qtrle_encode_line(line.data(), nullptr, 8, 3, out);  // keyframe: nothing skipped
  CHECK(out == std::vector<uint8_t>{1, 2, 1, 1, 1, 2, 2, 2, 0xFD, 9, 9, 9, 3, 6, 6, 6, 5, 5, 5, 8, 8, 8, 0xFF});
}

TEST_CASE("qtrle lines split runs longer than one code holds", "[movie]") {
  const std::vector<uint8_t> line(300 * 4, 0x42);  // 300 equal 4-byte pixels
  std::vector<uint8_t> out;
  qtrle_encode_line(line.data(), nullptr, 300, 4, out);
  CHECK(out == std::vector<uint8_t>{1, 0x80, 0x42, 0x42, 0x42, 0x42, 0x80, 0x42, 0x42, 0x42, 0x42, 0xD4, 0x42, 0x42,
                                    0x42, 0x42, 0xFF});  // 128 + 128 + 44
  std::vector<uint8_t> previous(line);
  previous[299 * 4] = 0;  // only the last pixel differs: a 299-pixel skip is 254 + 45
  out.clear();
  qtrle_encode_line(line.data(), previous.data(), 300, 4, out);
  CHECK(out == std::vector<uint8_t>{255, 0, 46, 1, 0x42, 0x42, 0x42, 0x42, 0xFF});
}
