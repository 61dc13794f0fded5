#include "sinks/movie/gif_nearest.hpp"

#include <algorithm>
#include <limits>

namespace frameout {

void NearestColour::reset(const GifPalette& palette) {
  size_ = palette.size;
  for (int i = 0; i < palette.size; ++i) {
    const uint32_t c = palette.colours[static_cast<size_t>(i)];
    red_[static_cast<size_t>(i)] = static_cast<int>(c >> 16 & 0xFF);
    green_[static_cast<size_t>(i)] = static_cast<int>(c >> 8 & 0xFF);
    blue_[static_cast<size_t>(i)] = static_cast<int>(c & 0xFF);
  }
  std::fill(count_.begin(), count_.end(), kUnbuilt);
  std::fill(answers_.begin(), answers_.end(), Answer{});
  pool_.clear();
}

void NearestColour::build(int cube) {
  constexpr int kMask = (1 << kBits) - 1;
  const int low[3] = {(cube >> (2 * kBits)) << kShift, (cube >> kBits & kMask) << kShift, (cube & kMask) << kShift};
  // Per entry: the squared distance to the nearest and to the farthest point of the cube.
  std::array<int, 256> nearest{};
  int bound = std::numeric_limits<int>::max();
  for (int i = 1; i < size_; ++i) {
    const int value[3] = {red_[static_cast<size_t>(i)], green_[static_cast<size_t>(i)], blue_[static_cast<size_t>(i)]};
    int near = 0, far = 0;
    for (int c = 0; c < 3; ++c) {
      const int lo = low[c], hi = low[c] + (1 << kShift) - 1;
      const int outside = value[c] < lo ? lo - value[c] : value[c] > hi ? value[c] - hi : 0;
      const int farthest = std::max(value[c] - lo, hi - value[c]);
      near += outside * outside;
      far += farthest * farthest;
    }
    nearest[static_cast<size_t>(i)] = near;
    bound = std::min(bound, far);
  }
  const size_t start = pool_.size();
  start_[static_cast<size_t>(cube)] = static_cast<uint32_t>(start);
  for (int i = 1; i < size_; ++i)
    if (nearest[static_cast<size_t>(i)] <= bound)
      pool_.push_back({static_cast<int16_t>(red_[static_cast<size_t>(i)]), static_cast<int16_t>(green_[static_cast<size_t>(i)]),
                       static_cast<int16_t>(blue_[static_cast<size_t>(i)]), static_cast<int16_t>(i),
                       nearest[static_cast<size_t>(i)]});
  std::sort(pool_.begin() + static_cast<std::ptrdiff_t>(start), pool_.end(), [](const Candidate& a, const Candidate& b) {
    return a.reach != b.reach ? a.reach < b.reach : a.index < b.index;
  });
  count_[static_cast<size_t>(cube)] = static_cast<uint16_t>(pool_.size() - start);
}

}  // namespace frameout
