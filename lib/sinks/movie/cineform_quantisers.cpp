#include "sinks/movie/cineform_quantisers.hpp"

#include <algorithm>

namespace frameout {

namespace {

// Each level's quantisers for 4:2:2 luma, 4:2:2 chroma, the first RGB channel and the other two: a pair a
// wavelet, coarsest first. The two bands that are high-pass one way share the first of a pair, the band
// high-pass both ways has the second. (The third RGB channel differs from the second only at film1++, below.)
constexpr int kPairs = 6;
constexpr std::array<std::array<uint16_t, 4 * kPairs>, kCineformLevels> kLevels = {{
  {16, 8, 4, 2, 6, 9,  16, 8, 4, 2, 6, 9,  16, 8, 16, 8, 24, 36,  16, 8, 16, 8, 24, 36},  // film3+
  {16, 8, 4, 2, 6, 9,  16, 8, 4, 2, 6, 12,  16, 8, 16, 8, 24, 36,  16, 8, 16, 8, 48, 72},  // film3
  {16, 8, 4, 2, 7, 10,  16, 8, 4, 2, 7, 14,  16, 8, 16, 8, 32, 48,  16, 8, 16, 8, 48, 72},  // film2+
  {16, 8, 4, 2, 8, 12,  16, 8, 4, 2, 8, 16,  16, 8, 16, 8, 32, 48,  16, 8, 16, 8, 64, 96},  // film2
  {16, 8, 4, 2, 16, 26,  16, 8, 4, 2, 16, 26,  16, 8, 20, 10, 80, 128,  16, 8, 20, 10, 80, 128},  // film1++
  {24, 12, 6, 3, 24, 36,  24, 12, 6, 3, 24, 36,  24, 12, 24, 12, 96, 144,  24, 12, 24, 12, 96, 144},  // film1+
  {24, 12, 6, 3, 24, 36,  24, 12, 6, 3, 24, 48,  24, 12, 24, 12, 96, 144,  24, 12, 24, 12, 192, 288},  // film1
  {32, 24, 8, 6, 32, 48,  32, 24, 8, 6, 32, 48,  32, 24, 32, 24, 128, 192,  32, 24, 32, 24, 128, 192},  // high+
  {32, 24, 8, 6, 32, 48,  48, 32, 12, 8, 32, 64,  32, 24, 32, 24, 128, 192,  32, 24, 32, 24, 256, 384},  // high
  {48, 32, 12, 8, 64, 96,  48, 32, 12, 8, 64, 96,  48, 32, 48, 32, 256, 384,  48, 32, 48, 32, 256, 384},  // medium+
  {48, 32, 12, 8, 64, 96,  48, 32, 12, 8, 64, 128,  48, 32, 48, 32, 256, 384,  48, 32, 48, 32, 512, 768},  // medium
  {64, 48, 16, 12, 96, 144,  64, 48, 16, 12, 96, 160,  56, 40, 56, 40, 512, 768,  56, 40, 56, 40, 512, 768},  // low+
  {64, 48, 16, 12, 128, 192,  64, 48, 16, 12, 128, 192,  64, 48, 64, 48, 512, 768,  64, 48, 64, 48, 1024, 1536},  // low
}};

}  // namespace

std::array<uint16_t, 9> cineform_quantisers(bool rgb, int channel, int level) {
  const int first = channel >= 3 ? 0 : channel;
  const int column = kPairs * ((rgb ? 2 : 0) + (first == 0 ? 0 : 1));
  const auto& q = kLevels[static_cast<size_t>(std::clamp(level, 0, kCineformLevels - 1))];
  std::array<uint16_t, 9> bands{};
  for (size_t wavelet = 0; wavelet < 3; ++wavelet) {
    bands[3 * wavelet] = bands[3 * wavelet + 1] = q[static_cast<size_t>(column) + 2 * wavelet];
    bands[3 * wavelet + 2] = q[static_cast<size_t>(column) + 2 * wavelet + 1];
  }
  if (rgb && first == 2 && level == 4) bands[2] = 10;
  return bands;
}

}  // namespace frameout
