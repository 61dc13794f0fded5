#include <catch2/catch.hpp>

#include <cstdint>

#include "sinks/movie/gif_nearest.hpp"
#include "sinks/movie/gif_palette.hpp"

using frameout::GifPalette;
using frameout::NearestColour;

namespace {

// The nearest opaque entry by trying every one; ties to the lower index.
int brute_force(const GifPalette& palette, int r, int g, int b) {
  int best = 0, best_distance = 1 << 30;
  for (int i = 1; i < palette.size; ++i) {
    const uint32_t c = palette.colours[static_cast<size_t>(i)];
    const int dr = r - static_cast<int>(c >> 16 & 0xFF), dg = g - static_cast<int>(c >> 8 & 0xFF),
              db = b - static_cast<int>(c & 0xFF);
    const int d = dr * dr + dg * dg + db * db;
    if (d < best_distance) best_distance = d, best = i;
  }
  return best;
}

}  // namespace

// The cube lists are searched nearest-to-the-cube first and cut short: the answer must still be exactly the
// brute-force one, ties included, for spread palettes, dense clusters (as a smooth clip gives) and repeats.
TEST_CASE("GIF nearest colour equals a search of every entry, ties to the lower index", "[gif]") {
  uint32_t state = 2024;
  auto next = [&] { return (state = state * 1664525u + 1013904223u) >> 8; };
  for (int spread : {256, 24, 3}) {
    GifPalette palette;
    palette.size = 256;
    for (size_t i = 1; i < 256; ++i) {
      const uint32_t base = spread == 256 ? 0 : 0x607080;
      palette.colours[i] = i % 17 == 0 ? palette.colours[i - 1]  // repeated entries: exact ties
                                       : base + (next() % spread << 16 | next() % spread << 8 | next() % spread);
    }
    NearestColour nearest;
    nearest.reset(palette);
    INFO("spread " << spread);
    int wrong = 0;
    for (int n = 0; n < 20000; ++n) {
      const int r = spread == 256 ? static_cast<int>(next() % 256) : 0x60 - 4 + static_cast<int>(next() % (spread + 8));
      const int g = spread == 256 ? static_cast<int>(next() % 256) : 0x70 - 4 + static_cast<int>(next() % (spread + 8));
      const int b = spread == 256 ? static_cast<int>(next() % 256) : 0x80 - 4 + static_cast<int>(next() % (spread + 8));
      wrong += nearest.find(r, g, b) != brute_force(palette, r, g, b);
    }
    CHECK(wrong == 0);
  }
}
