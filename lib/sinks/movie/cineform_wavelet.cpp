#include "sinks/movie/cineform_wavelet.hpp"

#include <algorithm>
#include <vector>

namespace frameout {

namespace {

inline int16_t clamp16(int v) { return static_cast<int16_t>(std::clamp(v, -32768, 32767)); }

// The high-pass sample of the first pair, from the first six samples (`step` apart).
inline int16_t first_high(const int16_t* x, std::ptrdiff_t step) {
  return clamp16((5 * x[0] - 11 * x[step] + 4 * x[2 * step] + 4 * x[3 * step] - x[4 * step] - x[5 * step] + 4) >> 3);
}

// The high-pass sample of the last pair, from the last six samples; `x` is the pair's first sample.
inline int16_t last_high(const int16_t* x, std::ptrdiff_t step) {
  return clamp16((11 * x[0] - 5 * x[step] - 4 * x[-step] - 4 * x[-2 * step] + x[-3 * step] + x[-4 * step] + 4) >> 3);
}

}  // namespace

__attribute__((target_clones("avx2", "default")))
void cineform_split_rows(const int16_t* in, std::ptrdiff_t stride, int width, int height, int16_t* low,
                         int16_t* high) {
  const int half = width / 2;
  // Pair sums and differences first (a de-interleaving loop), then the filter on them.
  thread_local std::vector<int> sums, differences;
  sums.resize(static_cast<size_t>(half));
  differences.resize(static_cast<size_t>(half));
  int* sum = sums.data();
  int* difference = differences.data();
  for (int y = 0; y < height; ++y, in += stride, low += half, high += half) {
    for (int i = 0; i < half; ++i) {
      sum[i] = in[2 * i] + in[2 * i + 1];
      difference[i] = in[2 * i] - in[2 * i + 1];
    }
    for (int i = 0; i < half; ++i) low[i] = clamp16(sum[i]);
    high[0] = first_high(in, 1);
    for (int i = 1; i < half - 1; ++i) high[i] = clamp16(((sum[i + 1] - sum[i - 1] + 4) >> 3) + difference[i]);
    high[half - 1] = last_high(in + width - 2, 1);
  }
}

__attribute__((target_clones("avx2", "default")))
void cineform_split_columns(const int16_t* in, int width, int height, int16_t* low, int16_t* high,
                            bool quarter_low) {
  const std::ptrdiff_t w = width;
  const int half = height / 2;
  for (int k = 0; k < half; ++k) {
    const int16_t* a = in + 2 * k * w;  // the pair's rows: a and a + w
    int16_t* l = low + k * w;
    int16_t* h = high + k * w;
    if (quarter_low) {
      for (std::ptrdiff_t x = 0; x < w; ++x) l[x] = static_cast<int16_t>(clamp16(a[x] + a[x + w]) / 4);
    } else {
      for (std::ptrdiff_t x = 0; x < w; ++x) l[x] = clamp16(a[x] + a[x + w]);
    }
    if (k == 0) {
      for (std::ptrdiff_t x = 0; x < w; ++x) h[x] = first_high(a + x, w);
    } else if (k == half - 1) {
      for (std::ptrdiff_t x = 0; x < w; ++x) h[x] = last_high(a + x, w);
    } else {
      const int16_t* before = a - 2 * w;
      const int16_t* after = a + 2 * w;
      for (std::ptrdiff_t x = 0; x < w; ++x)
        h[x] = clamp16(((after[x] + after[x + w] - before[x] - before[x + w] + 4) >> 3) + a[x] - a[x + w]);
    }
  }
}

}  // namespace frameout
