#include "sinks/movie/gif_dither.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "sinks/movie/gif_palette.hpp"

namespace frameout {

namespace {

// Levels of error per channel that are not passed on (the rest of a larger error is).
constexpr int kDeadZone = 4;

int shrink(int error) { return error > kDeadZone ? error - kDeadZone : error < -kDeadZone ? error + kDeadZone : 0; }

}  // namespace

void dither_band(const DitherBand& band, NearestColour& nearest) {
  const int w = band.width;
  // Errors in 1/16 units for this row and the next, one guard pixel on each side, 3 channels per pixel.
  std::vector<int> row_a(static_cast<size_t>(w + 2) * 3, 0), row_b(row_a.size(), 0);
  int* here = row_a.data();
  int* below = row_b.data();
  for (int y = band.begin; y < band.end; ++y) {
    const uint8_t* src = band.rgba + y * band.stride;
    const size_t row = static_cast<size_t>(y) * static_cast<size_t>(w);
    const uint32_t* previous = band.previous != nullptr ? band.previous + row : nullptr;
    const uint8_t* previous_indices = band.previous_indices != nullptr ? band.previous_indices + row : nullptr;
    uint8_t* out = band.indices + row;
    std::fill(below, below + (w + 2) * 3, 0);
    const bool forward = (y - band.begin) % 2 == 0;
    const int step = forward ? 1 : -1;
    for (int i = 0; i < w; ++i) {
      const int x = forward ? i : w - 1 - i;
      const uint8_t* p = src + x * 4;
      if (p[3] < 128) {
        out[x] = kGifTransparentIndex;
        continue;
      }
      int* e = here + (x + 1) * 3;
      const int r = std::clamp(p[0] + ((e[0] + 8) >> 4), 0, 255);
      const int g = std::clamp(p[1] + ((e[1] + 8) >> 4), 0, 255);
      const int b = std::clamp(p[2] + ((e[2] + 8) >> 4), 0, 255);
      int index;
      uint32_t pixel;
      std::memcpy(&pixel, p, 4);
      if (previous != nullptr && previous[x] == pixel && previous_indices[x] != kGifTransparentIndex)
        index = previous_indices[x];
      else
        index = nearest.find(r, g, b);
      out[x] = static_cast<uint8_t>(index);
      const int error[3] = {shrink(r - nearest.red(index)), shrink(g - nearest.green(index)),
                            shrink(b - nearest.blue(index))};
      int* ahead = e + step * 3;
      int* under = below + (x + 1) * 3;
      for (int c = 0; c < 3; ++c) {
        ahead[c] += error[c] * 7;
        under[c - step * 3] += error[c] * 3;
        under[c] += error[c] * 5;
        under[c + step * 3] += error[c];
      }
    }
    std::swap(here, below);
  }
}

}  // namespace frameout
