#include "sinks/movie/gif_palette.hpp"

#include <algorithm>
#include <cmath>

#include "sinks/movie/gif_nearest.hpp"

namespace frameout {

namespace {

constexpr int kCellBits = 6;
constexpr int kCells = 1 << (3 * kCellBits);
constexpr size_t kFewColours = 255;
// Distinct colours counted exactly; twice as many hash slots keep probing short.
constexpr size_t kExactLimit = 4096;
constexpr int kExactSlotBits = 13;
constexpr uint32_t kExactSlots = 1u << kExactSlotBits;
// k-means rounds after the cut: each lowers the error noticeably, the third hardly.
constexpr int kRefineRounds = 2;

uint32_t pack(float r, float g, float b) {
  auto q = [](float v) { return static_cast<uint32_t>(std::clamp(std::lround(v), 0L, 255L)); };
  return q(r) << 16 | q(g) << 8 | q(b);
}

float channel(const ColourCount& c, int axis) { return axis == 0 ? c.r : axis == 1 ? c.g : c.b; }

// A run of counts and its spread: the summed squared distance to its mean, and the channel that spreads most.
struct Box {
  size_t begin, end;
  double error = 0;
  int axis = 0;
};

void measure(Box& box, const std::vector<ColourCount>& counts) {
  double w = 0, sum[3] = {}, squares[3] = {};
  for (size_t i = box.begin; i < box.end; ++i) {
    const ColourCount& c = counts[i];
    for (int a = 0; a < 3; ++a) {
      const double v = channel(c, a);
      sum[a] += c.count * v;
      squares[a] += c.count * v * v;
    }
    w += c.count;
  }
  box.error = 0;
  double widest = -1;
  for (int a = 0; a < 3; ++a) {
    const double spread = squares[a] - sum[a] * sum[a] / w;
    box.error += spread;
    if (spread > widest) widest = spread, box.axis = a;
  }
  if (box.end - box.begin < 2) box.error = 0;
}

// Splits `box` along its widest channel where the two halves' squared errors add up least (Otsu's
// criterion on the channel's 256 levels); false when all its counts share one level of that channel.
bool split(Box& box, Box& second, std::vector<ColourCount>& counts) {
  std::array<double, 256> weight{}, sum{};
  int lo = 255, hi = 0;
  for (size_t i = box.begin; i < box.end; ++i) {
    const float v = channel(counts[i], box.axis);
    const int level = std::clamp(static_cast<int>(v), 0, 255);
    weight[static_cast<size_t>(level)] += counts[i].count;
    sum[static_cast<size_t>(level)] += counts[i].count * static_cast<double>(v);
    lo = std::min(lo, level), hi = std::max(hi, level);
  }
  if (lo == hi) return false;
  double total_w = 0, total_s = 0;
  for (int l = lo; l <= hi; ++l) total_w += weight[static_cast<size_t>(l)], total_s += sum[static_cast<size_t>(l)];
  double left_w = 0, left_s = 0, best = -1;
  int cut = lo;
  for (int l = lo; l < hi; ++l) {
    left_w += weight[static_cast<size_t>(l)], left_s += sum[static_cast<size_t>(l)];
    if (left_w <= 0) continue;
    const double right_w = total_w - left_w, right_s = total_s - left_s;
    if (right_w <= 0) break;
    const double score = left_s * left_s / left_w + right_s * right_s / right_w;
    if (score > best) best = score, cut = l;
  }
  const int axis = box.axis;
  const auto middle = std::stable_partition(counts.begin() + static_cast<std::ptrdiff_t>(box.begin),
                                            counts.begin() + static_cast<std::ptrdiff_t>(box.end),
                                            [&](const ColourCount& c) { return static_cast<int>(channel(c, axis)) <= cut; });
  const size_t at = static_cast<size_t>(middle - counts.begin());
  second = Box{at, box.end};
  box.end = at;
  measure(box, counts);
  measure(second, counts);
  return true;
}

// Each entry becomes the mean of the counts nearest to it; entries nothing is nearest to stay.
void refine(GifPalette& palette, const std::vector<ColourCount>& counts) {
  NearestColour nearest;
  for (int round = 0; round < kRefineRounds; ++round) {
    nearest.reset(palette);
    std::array<double, 256> w{}, r{}, g{}, b{};
    for (const ColourCount& c : counts) {
      const auto i = static_cast<size_t>(nearest.find(static_cast<int>(c.r + 0.5f), static_cast<int>(c.g + 0.5f),
                                                      static_cast<int>(c.b + 0.5f)));
      w[i] += c.count, r[i] += c.count * static_cast<double>(c.r), g[i] += c.count * static_cast<double>(c.g),
          b[i] += c.count * static_cast<double>(c.b);
    }
    for (size_t i = 1; i < static_cast<size_t>(palette.size); ++i)
      if (w[i] > 0)
        palette.colours[i] =
            pack(static_cast<float>(r[i] / w[i]), static_cast<float>(g[i] / w[i]), static_cast<float>(b[i] / w[i]));
  }
}

}  // namespace

int GifPalette::table_bits() const {
  int bits = 1;
  while ((1 << bits) < size) ++bits;
  return bits;
}

ColourHistogram::ColourHistogram() : cells_(kCells), keys_(kExactSlots), tallies_(kExactSlots) {
  occupied_.reserve(kCells);
}

void ColourHistogram::clear() {
  for (const uint32_t cell : occupied_) cells_[cell] = Cell{};
  occupied_.clear();
  std::fill(keys_.begin(), keys_.end(), 0);
  std::fill(tallies_.begin(), tallies_.end(), 0);
  distinct_ = 0;
}

void ColourHistogram::add(const uint8_t* rgba, int width, int height, std::ptrdiff_t stride) {
  constexpr int shift = 8 - kCellBits;
  uint32_t run_key = 0;  // the last exact colour and its slot: pictures have runs, they skip the hashing
  size_t run_slot = 0;
  for (int y = 0; y < height; ++y) {
    const uint8_t* p = rgba + y * stride;
    for (int x = 0; x < width; ++x, p += 4) {
      if (p[3] < 128) continue;
      const uint32_t index =
          static_cast<uint32_t>((p[0] >> shift) << (2 * kCellBits) | (p[1] >> shift) << kCellBits | (p[2] >> shift));
      Cell& cell = cells_[index];
      if (cell.count++ == 0) occupied_.push_back(index);
      cell.r += p[0], cell.g += p[1], cell.b += p[2];
      if (distinct_ > kExactLimit) continue;
      const uint32_t key = 0xFF000000u | static_cast<uint32_t>(p[0]) << 16 | static_cast<uint32_t>(p[1]) << 8 | p[2];
      if (key != run_key) {
        size_t slot = (key * 2654435761u) >> (32 - kExactSlotBits);
        while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & (kExactSlots - 1);
        if (keys_[slot] == 0) {
          keys_[slot] = key;
          if (++distinct_ > kExactLimit) continue;
        }
        run_key = key, run_slot = slot;
      }
      ++tallies_[run_slot];
    }
  }
}

std::vector<ColourCount> ColourHistogram::counts() const {
  std::vector<ColourCount> out;
  if (distinct_ <= kExactLimit) {
    std::vector<uint32_t> slots;
    slots.reserve(distinct_);
    for (uint32_t i = 0; i < kExactSlots; ++i)
      if (keys_[i] != 0) slots.push_back(i);
    std::sort(slots.begin(), slots.end(), [&](uint32_t a, uint32_t b) { return keys_[a] < keys_[b]; });
    for (const uint32_t i : slots)
      out.push_back({tallies_[i], static_cast<float>(keys_[i] >> 16 & 0xFF), static_cast<float>(keys_[i] >> 8 & 0xFF),
                     static_cast<float>(keys_[i] & 0xFF)});
    return out;
  }
  std::vector<uint32_t> order(occupied_);
  std::sort(order.begin(), order.end());  // cell order, whatever order the pixels came in
  out.reserve(order.size());
  for (const uint32_t index : order) {
    const Cell& cell = cells_[index];
    const double n = cell.count;
    out.push_back({cell.count, static_cast<float>(cell.r / n), static_cast<float>(cell.g / n),
                   static_cast<float>(cell.b / n)});
  }
  return out;
}

std::vector<uint32_t> ColourHistogram::few_colours() const {
  if (distinct_ > kFewColours) return {};
  std::vector<uint32_t> out;
  for (const uint32_t key : keys_)
    if (key != 0) out.push_back(key & 0xFFFFFF);
  std::sort(out.begin(), out.end());
  return out;
}

GifPalette fit_palette(const ColourHistogram& histogram, int max_colours) {
  GifPalette palette;
  const std::vector<uint32_t> few = histogram.few_colours();
  if (!few.empty() && static_cast<int>(few.size()) <= max_colours) {
    for (const uint32_t c : few) palette.colours[static_cast<size_t>(palette.size++)] = c;
    return palette;
  }
  std::vector<ColourCount> counts = histogram.counts();
  if (counts.empty()) {  // a frame with no opaque pixel still needs one colour for a valid table
    palette.size = 2;
    return palette;
  }
  // Cut the box with the largest error until there are enough.
  std::vector<Box> boxes{Box{0, counts.size()}};
  measure(boxes[0], counts);
  while (static_cast<int>(boxes.size()) < max_colours) {
    const auto widest = std::max_element(boxes.begin(), boxes.end(),
                                         [](const Box& a, const Box& b) { return a.error < b.error; });
    if (widest->error <= 0) break;
    Box second{};
    if (!split(*widest, second, counts)) {
      widest->error = 0;
      continue;
    }
    boxes.push_back(second);
  }
  for (const Box& box : boxes) {
    double w = 0, r = 0, g = 0, b = 0;
    for (size_t i = box.begin; i < box.end; ++i)
      w += counts[i].count, r += counts[i].count * static_cast<double>(counts[i].r),
          g += counts[i].count * static_cast<double>(counts[i].g), b += counts[i].count * static_cast<double>(counts[i].b);
    palette.colours[static_cast<size_t>(palette.size++)] =
        pack(static_cast<float>(r / w), static_cast<float>(g / w), static_cast<float>(b / w));
  }
  refine(palette, counts);
  return palette;
}

}  // namespace frameout
