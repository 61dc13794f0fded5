#pragma once
// GIF colour tables cut for one frame: a histogram of the frame's opaque colours and a palette of at most 255
// colours fitted to it (variance-splitting median cut, then a few k-means rounds). Entry 0 of every table is
// reserved as the transparent index, so transparency and "pixel unchanged" never cost a colour search.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace frameout {

//! The table index every frameout GIF frame uses for transparent (and unchanged) pixels.
inline constexpr uint8_t kGifTransparentIndex = 0;

//! A GIF colour table: entry 0 is the transparent index, entries 1..size-1 opaque colours as 0xRRGGBB.
struct GifPalette {
  std::array<uint32_t, 256> colours{};
  int size = 1;  //!< entries in use, the transparent one included

  bool operator==(const GifPalette&) const = default;
  //! Bits of the smallest GIF table holding `size` entries (1..8; a GIF table has 2^bits entries).
  int table_bits() const;
};

//! One occupied histogram cell: how many pixels fell in it and their mean colour.
struct ColourCount {
  uint32_t count;
  float r, g, b;
};

//! Counts a frame's opaque colours: exactly while there are at most 4096 distinct ones (a smooth ramp or
//! synthetic picture keeps its every shade for the palette fit), in 64x64x64 cells with their exact means
//! otherwise (a photograph's tens of thousands of colours).
class ColourHistogram {
 public:
  ColourHistogram();

  //! Forgets every count.
  void clear();
  //! Counts the pixels with alpha >= 128 of `height` rows of `width` RGBA pixels, `stride` bytes apart.
  void add(const uint8_t* rgba, int width, int height, std::ptrdiff_t stride);
  //! The distinct colours, or else the occupied cells with their mean colours; in colour order.
  std::vector<ColourCount> counts() const;
  //! The distinct opaque colours (0xRRGGBB, ascending) when there are 1 to 255 of them, else none.
  std::vector<uint32_t> few_colours() const;

 private:
  struct Cell {
    uint32_t count;
    uint32_t r, g, b;  // sums: a cell would need 16 million pixels to overflow
  };
  std::vector<Cell> cells_;
  std::vector<uint32_t> occupied_;  // cells with a count, so clearing touches only those
  std::vector<uint32_t> keys_;      // open-addressed exact colours, 0xFF000000 | RGB (0: free slot)
  std::vector<uint32_t> tallies_;   // their pixel counts
  size_t distinct_ = 0;             // exact colours counted; past the limit only cells count
};

//! The palette for the frame counted in `histogram`: its exact colours when there are at most `max_colours`
//! (<= 255), otherwise `max_colours` colours fitted by median cut and k-means.
GifPalette fit_palette(const ColourHistogram& histogram, int max_colours);

}  // namespace frameout
