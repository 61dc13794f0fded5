#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <vector>

extern "C" {
#include <libavutil/frame.h>
}

#include "sinks/movie/hap_encoder.hpp"

using namespace frameout;

namespace {

// A DXT1 decoder following the published block layout: two RGB565 end points, then 2-bit indices.
std::array<std::array<int, 3>, 16> decode_dxt1(const uint8_t block[8]) {
  const int c0 = block[0] | block[1] << 8, c1 = block[2] | block[3] << 8;
  auto expand = [](int v) {
    const int r = v >> 11 & 31, g = v >> 5 & 63, b = v & 31;
    return std::array<int, 3>{r << 3 | r >> 2, g << 2 | g >> 4, b << 3 | b >> 2};
  };
  const auto a = expand(c0), b = expand(c1);
  std::array<std::array<int, 3>, 4> palette{a, b};
  for (int k = 0; k < 3; ++k) {
    palette[2][k] = c0 > c1 ? (2 * a[k] + b[k]) / 3 : (a[k] + b[k]) / 2;
    palette[3][k] = c0 > c1 ? (a[k] + 2 * b[k]) / 3 : 0;
  }
  const uint32_t bits = block[4] | block[5] << 8 | block[6] << 16 | static_cast<uint32_t>(block[7]) << 24;
  std::array<std::array<int, 3>, 16> out{};
  for (int i = 0; i < 16; ++i) out[static_cast<size_t>(i)] = palette[bits >> (2 * i) & 3];
  return out;
}

int max_error(const std::vector<uint8_t>& rgba, const uint8_t block[8]) {
  const auto decoded = decode_dxt1(block);
  int worst = 0;
  for (size_t i = 0; i < 16; ++i)
    for (size_t k = 0; k < 3; ++k) worst = std::max(worst, std::abs(decoded[i][k] - rgba[4 * i + k]));
  return worst;
}

std::vector<uint8_t> block_of(int (*colour)(int x, int y, int channel)) {
  std::vector<uint8_t> rgba(64);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x)
      for (int k = 0; k < 4; ++k) rgba[static_cast<size_t>(4 * (4 * y + x) + k)] = static_cast<uint8_t>(colour(x, y, k));
  return rgba;
}

}  // namespace

TEST_CASE("DXT1 blocks: one colour, two colours and a gradient come back within 565 precision", "[movie]") {
  uint8_t out[8];
  const auto solid = block_of([](int, int, int k) { return k == 0 ? 200 : k == 1 ? 100 : 40; });
  dxt1_block(solid.data(), 16, out);
  CHECK(max_error(solid, out) <= 4);  // 5/6-bit rounding only

  const auto two = block_of([](int x, int, int) { return x < 2 ? 0 : 255; });
  dxt1_block(two.data(), 16, out);
  CHECK(max_error(two, out) == 0);  // black and white are exact end points
  CHECK((out[0] | out[1] << 8) > (out[2] | out[3] << 8));  // four-colour mode

  const auto ramp = block_of([](int x, int y, int k) { return k == 3 ? 255 : 60 + 12 * x + 5 * y + 20 * k; });
  dxt1_block(ramp.data(), 16, out);
  CHECK(max_error(ramp, out) <= 10);  // four palette points over a 51-level ramp: steps of 17, plus 565 rounding
}

TEST_CASE("Hap frames carry a section header with the size and the texture type", "[movie]") {
  AVFrame* frame = av_frame_alloc();
  frame->width = 8, frame->height = 4, frame->format = 26 /* AV_PIX_FMT_RGBA */;
  REQUIRE(av_frame_get_buffer(frame, 0) == 0);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 32; ++x) frame->data[0][y * frame->linesize[0] + x] = static_cast<uint8_t>(x * 8 + y);
  for (const bool snappy : {false, true}) {
    HapEncoder encoder(8, 4, snappy);
    const AvPacketPtr packet = encoder.encode(*frame);
    REQUIRE(packet);
    const uint32_t size = packet->data[0] | packet->data[1] << 8 | packet->data[2] << 16;
    CHECK(size == static_cast<uint32_t>(packet->size - 4));
    CHECK(packet->data[3] == (snappy ? 0xBB : 0xAB));
    if (!snappy) CHECK(packet->size == 4 + 16);  // two DXT1 blocks
    CHECK(packet->flags & AV_PKT_FLAG_KEY);
  }
  av_frame_free(&frame);
}
