#include "sinks/movie/cineform_quantisers.hpp"

#include <algorithm>

namespace frameout {

namespace {

// A level's quantisers, one pair a wavelet (coarsest first): the two bands that are high-pass one way share
// the first, the band high-pass both ways has the second.
using LevelQuantisers = std::array<uint16_t, 6>;
using Table = std::array<LevelQuantisers, kCineformLevels>;

// Rows: film3+, film3, film2+, film2, film1++, film1+, film1, high+, high, medium+, medium, low+, low.
constexpr Table kLuma422 = {{{16, 8, 4, 2, 6, 9},
                             {16, 8, 4, 2, 6, 9},
                             {16, 8, 4, 2, 7, 10},
                             {16, 8, 4, 2, 8, 12},
                             {16, 8, 4, 2, 16, 26},
                             {24, 12, 6, 3, 24, 36},
                             {24, 12, 6, 3, 24, 36},
                             {32, 24, 8, 6, 32, 48},
                             {32, 24, 8, 6, 32, 48},
                             {48, 32, 12, 8, 64, 96},
                             {48, 32, 12, 8, 64, 96},
                             {64, 48, 16, 12, 96, 144},
                             {64, 48, 16, 12, 128, 192}}};
constexpr Table kChroma422 = {{{16, 8, 4, 2, 6, 9},
                               {16, 8, 4, 2, 6, 12},
                               {16, 8, 4, 2, 7, 14},
                               {16, 8, 4, 2, 8, 16},
                               {16, 8, 4, 2, 16, 26},
                               {24, 12, 6, 3, 24, 36},
                               {24, 12, 6, 3, 24, 48},
                               {32, 24, 8, 6, 32, 48},
                               {48, 32, 12, 8, 32, 64},
                               {48, 32, 12, 8, 64, 96},
                               {48, 32, 12, 8, 64, 128},
                               {64, 48, 16, 12, 96, 160},
                               {64, 48, 16, 12, 128, 192}}};
constexpr Table kFirstRgb = {{{16, 8, 16, 8, 24, 36},
                              {16, 8, 16, 8, 24, 36},
                              {16, 8, 16, 8, 32, 48},
                              {16, 8, 16, 8, 32, 48},
                              {16, 8, 20, 10, 80, 128},
                              {24, 12, 24, 12, 96, 144},
                              {24, 12, 24, 12, 96, 144},
                              {32, 24, 32, 24, 128, 192},
                              {32, 24, 32, 24, 128, 192},
                              {48, 32, 48, 32, 256, 384},
                              {48, 32, 48, 32, 256, 384},
                              {56, 40, 56, 40, 512, 768},
                              {64, 48, 64, 48, 512, 768}}};
// The second and third RGB channels differ only in film1++'s coarsest band high-pass both ways (8, 10).
constexpr Table kOtherRgb = {{{16, 8, 16, 8, 24, 36},
                              {16, 8, 16, 8, 48, 72},
                              {16, 8, 16, 8, 48, 72},
                              {16, 8, 16, 8, 64, 96},
                              {16, 8, 20, 10, 80, 128},
                              {24, 12, 24, 12, 96, 144},
                              {24, 12, 24, 12, 192, 288},
                              {32, 24, 32, 24, 128, 192},
                              {32, 24, 32, 24, 256, 384},
                              {48, 32, 48, 32, 256, 384},
                              {48, 32, 48, 32, 512, 768},
                              {56, 40, 56, 40, 512, 768},
                              {64, 48, 64, 48, 1024, 1536}}};

}  // namespace

std::array<uint16_t, 9> cineform_quantisers(bool rgb, int channel, int level) {
  const int first = channel >= 3 ? 0 : channel;
  const Table& table = !rgb ? (first == 0 ? kLuma422 : kChroma422) : (first == 0 ? kFirstRgb : kOtherRgb);
  const LevelQuantisers& q = table[static_cast<size_t>(std::clamp(level, 0, kCineformLevels - 1))];
  std::array<uint16_t, 9> bands{};
  for (size_t wavelet = 0; wavelet < 3; ++wavelet) {
    bands[3 * wavelet] = bands[3 * wavelet + 1] = q[2 * wavelet];
    bands[3 * wavelet + 2] = q[2 * wavelet + 1];
  }
  if (rgb && first == 2 && level == 4) bands[2] = 10;
  return bands;
}

}  // namespace frameout
