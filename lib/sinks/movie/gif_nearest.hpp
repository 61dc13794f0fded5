#pragma once
// Nearest palette colour by locally sorted search: RGB space is cut into 32x32x32 cubes and each cube, on its
// first use, lists the only palette entries that can be nearest to some point inside it (those whose nearest
// distance to the cube is within the smallest farthest distance of any entry). A search then tries a handful
// of entries instead of all 255, in order of their distance to the cube, and stops at the first that cannot
// beat the best so far; the lists are built lazily because a frame touches few cubes, and hold the entries'
// colours themselves so a search reads one short contiguous run. The last answers are remembered by colour in
// a small table (a smooth picture asks for the same colours again and again).

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
    const uint32_t key = static_cast<uint32_t>(r << 16 | g << 8 | b) + 1;
    Answer& answer = answers_[(key * 2654435761u) >> (32 - kAnswerBits)];
    if (answer.key == key) return answer.index;
    answer = {key, search(r, g, b)};
    return answer.index;
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
  static constexpr int kBits = 5;  // cubes per channel: 2^kBits
  static constexpr int kShift = 8 - kBits;
  static constexpr size_t kCubes = size_t{1} << (3 * kBits);
  static constexpr uint16_t kUnbuilt = 0xFFFF;
  struct Candidate {
    int16_t r, g, b, index;
    int reach;  // squared distance from the entry to the nearest point of the cube
  };
  void build(int cube);

  // The nearest entry by the cube's candidate list.
  int search(int r, int g, int b) {
    const int cube = (r >> kShift) << (2 * kBits) | (g >> kShift) << kBits | (b >> kShift);
    if (count_[static_cast<size_t>(cube)] == kUnbuilt) build(cube);
    const Candidate* candidate = pool_.data() + start_[static_cast<size_t>(cube)];
    const Candidate* const end = candidate + count_[static_cast<size_t>(cube)];
    int best = 0, best_distance = 1 << 30;
    // Candidates come nearest to the cube first: once one cannot be nearer than the best found, none can.
    for (; candidate != end && candidate->reach <= best_distance; ++candidate) {
      const int dr = r - candidate->r, dg = g - candidate->g, db = b - candidate->b;
      const int d = dr * dr + dg * dg + db * db;
      if (d < best_distance || (d == best_distance && candidate->index < best)) best_distance = d, best = candidate->index;
    }
    return best;
  }

  // Answers given since the last reset, by colour (key: 0xRRGGBB + 1, 0 when empty): pictures repeat colours.
  static constexpr int kAnswerBits = 12;
  struct Answer {
    uint32_t key;
    int index;
  };

  int size_ = 1;
  std::array<int, 256> red_{}, green_{}, blue_{};
  std::vector<uint32_t> start_ = std::vector<uint32_t>(kCubes);
  std::vector<uint16_t> count_ = std::vector<uint16_t>(kCubes, kUnbuilt);
  std::vector<Candidate> pool_;  // the cube lists, one after another
  std::vector<Answer> answers_ = std::vector<Answer>(size_t{1} << kAnswerBits);
};

}  // namespace frameout
