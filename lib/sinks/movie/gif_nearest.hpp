#pragma once
// Nearest palette colour by locally sorted search: RGB space is cut into 16x16x16 cubes and each cube, on its
// first use, lists the only palette entries that can be nearest to some point inside it (those whose nearest
// distance to the cube is within the smallest farthest distance of any entry). A search then tries a handful
// of entries instead of all 255; the lists are built lazily because a frame touches few cubes.

#include <array>
#include <cstdint>
#include <vector>

#include "sinks/movie/gif_palette.hpp"

namespace frameout {

//! Finds the nearest opaque entry of one palette (squared RGB distance; ties to the lower index).
//! Not thread-safe: give each thread its own.
class NearestColour {
 public:
  //! Switches to `palette` (at least one opaque entry) and forgets every cube list.
  void reset(const GifPalette& palette);

  //! The index (1..size-1) of the entry nearest to (r, g, b), each 0..255.
  int find(int r, int g, int b) {
    const int cube = (r >> 4) << 8 | (g >> 4) << 4 | (b >> 4);
    if (count_[cube] == kUnbuilt) build(cube);
    const uint8_t* candidate = pool_.data() + start_[cube];
    int best = candidate[0];
    int best_distance = distance(best, r, g, b);
    for (int i = 1; i < count_[cube]; ++i) {
      const int d = distance(candidate[i], r, g, b);
      if (d < best_distance) best_distance = d, best = candidate[i];
    }
    return best;
  }

  //! Channels of entry `index`.
  int red(int index) const { return red_[static_cast<size_t>(index)]; }
  int green(int index) const { return green_[static_cast<size_t>(index)]; }
  int blue(int index) const { return blue_[static_cast<size_t>(index)]; }

  //! Squared distance from entry `index` to (r, g, b).
  int distance(int index, int r, int g, int b) const {
    const int dr = r - red_[index], dg = g - green_[index], db = b - blue_[index];
    return dr * dr + dg * dg + db * db;
  }

 private:
  static constexpr uint16_t kUnbuilt = 0xFFFF;
  void build(int cube);

  int size_ = 1;
  std::array<int, 256> red_{}, green_{}, blue_{};
  std::array<uint32_t, 4096> start_{};
  std::array<uint16_t, 4096> count_{};
  std::vector<uint8_t> pool_;  // the cube lists, one after another
};

}  // namespace frameout
