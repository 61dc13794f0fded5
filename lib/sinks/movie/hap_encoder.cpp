#include "sinks/movie/hap_encoder.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include <snappy-c.h>

namespace frameout {

namespace {

struct Colour {
  float r, g, b;
};

inline uint16_t to_565(const Colour& c) {
  auto q = [](float v, float top) { return static_cast<int>(std::clamp(v, 0.0f, 255.0f) * (top / 255.0f) + 0.5f); };
  return static_cast<uint16_t>(q(c.r, 31.0f) << 11 | q(c.g, 63.0f) << 5 | q(c.b, 31.0f));
}

inline Colour from_565(uint16_t v) {
  const int r = v >> 11 & 31, g = v >> 5 & 63, b = v & 31;
  return {static_cast<float>(r << 3 | r >> 2), static_cast<float>(g << 2 | g >> 4), static_cast<float>(b << 3 | b >> 2)};
}

// The 16 pixels of a block as separate channel arrays, so the loops over them vectorise.
struct Pixels {
  std::array<float, 16> r, g, b;
};

// Each pixel's index: its position along the line from c0 to c1, rounded to the nearest of the four palette
// points (c0, 2/3 c0 + 1/3 c1, 1/3 c0 + 2/3 c1, c1; DXT1 numbers them 0, 2, 3, 1).
inline void match(const Pixels& p, uint16_t c0, uint16_t c1, std::array<uint8_t, 16>& index) {
  const Colour a = from_565(c0), b = from_565(c1);
  const Colour d{b.r - a.r, b.g - a.g, b.b - a.b};
  const float length = d.r * d.r + d.g * d.g + d.b * d.b;
  const float scale = length > 0 ? 3.0f / length : 0.0f;
  for (int i = 0; i < 16; ++i) {
    const float t = ((p.r[i] - a.r) * d.r + (p.g[i] - a.g) * d.g + (p.b[i] - a.b) * d.b) * scale;
    const int step = static_cast<int>(std::clamp(t + 0.5f, 0.0f, 3.0f));
    index[static_cast<size_t>(i)] = static_cast<uint8_t>(step == 0 ? 0 : step == 3 ? 1 : step + 1);
  }
}

// End points that best fit `index` in the least-squares sense (each pixel is a weighted mix of the two).
inline bool refit(const Pixels& p, const std::array<uint8_t, 16>& index, Colour& e0, Colour& e1) {
  constexpr float kWeight[4] = {1.0f, 0.0f, 2.0f / 3.0f, 1.0f / 3.0f};
  float aa = 0, ab = 0, bb = 0;
  Colour ax{0, 0, 0}, bx{0, 0, 0};
  for (int i = 0; i < 16; ++i) {
    const float a = kWeight[index[static_cast<size_t>(i)]], b = 1.0f - a;
    aa += a * a, ab += a * b, bb += b * b;
    ax.r += a * p.r[i], ax.g += a * p.g[i], ax.b += a * p.b[i];
    bx.r += b * p.r[i], bx.g += b * p.g[i], bx.b += b * p.b[i];
  }
  const float det = aa * bb - ab * ab;
  if (std::fabs(det) < 1e-6f) return false;
  const float f = 1.0f / det;
  e0 = {(ax.r * bb - bx.r * ab) * f, (ax.g * bb - bx.g * ab) * f, (ax.b * bb - bx.b * ab) * f};
  e1 = {(bx.r * aa - ax.r * ab) * f, (bx.g * aa - ax.g * ab) * f, (bx.b * aa - ax.b * ab) * f};
  return true;
}

// Four-colour mode needs c0 > c1; swapping the end points maps index 0<->1 and 2<->3.
void order(uint16_t& c0, uint16_t& c1, std::array<uint8_t, 16>& index) {
  if (c0 >= c1) return;
  std::swap(c0, c1);
  for (auto& i : index) i ^= 1;
}

void store(uint16_t c0, uint16_t c1, const std::array<uint8_t, 16>& index, uint8_t out[8]) {
  uint32_t bits = 0;
  for (int i = 15; i >= 0; --i) bits = bits << 2 | index[static_cast<size_t>(i)];
  out[0] = static_cast<uint8_t>(c0), out[1] = static_cast<uint8_t>(c0 >> 8);
  out[2] = static_cast<uint8_t>(c1), out[3] = static_cast<uint8_t>(c1 >> 8);
  for (int k = 0; k < 4; ++k) out[4 + k] = static_cast<uint8_t>(bits >> (8 * k));
}

}  // namespace

// clang (the sanitizer and fuzzing builds) cannot combine flatten with target_clones.
#ifdef __clang__
__attribute__((target_clones("avx2", "default")))
#else
__attribute__((flatten, target_clones("avx2", "default")))
#endif
void dxt1_block(const uint8_t* pixels, std::ptrdiff_t stride, uint8_t out[8]) {
  Pixels p;
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) {
      const uint8_t* s = pixels + y * stride + 4 * x;
      p.r[static_cast<size_t>(4 * y + x)] = s[0], p.g[static_cast<size_t>(4 * y + x)] = s[1],
                                  p.b[static_cast<size_t>(4 * y + x)] = s[2];
    }
  // Mean and covariance; the principal axis by power iteration from the diagonal of the bounding box.
  Colour mean{0, 0, 0};
  for (int i = 0; i < 16; ++i) mean.r += p.r[i], mean.g += p.g[i], mean.b += p.b[i];
  mean = {mean.r / 16, mean.g / 16, mean.b / 16};
  float rr = 0, rg = 0, rb = 0, gg = 0, gb = 0, bb = 0;
  for (int i = 0; i < 16; ++i) {
    const float r = p.r[i] - mean.r, g = p.g[i] - mean.g, b = p.b[i] - mean.b;
    rr += r * r, rg += r * g, rb += r * b, gg += g * g, gb += g * b, bb += b * b;
  }
  Colour low{255, 255, 255}, high{0, 0, 0};
  for (int i = 0; i < 16; ++i) {
    low = {std::min(low.r, p.r[i]), std::min(low.g, p.g[i]), std::min(low.b, p.b[i])};
    high = {std::max(high.r, p.r[i]), std::max(high.g, p.g[i]), std::max(high.b, p.b[i])};
  }
  Colour axis{high.r - low.r, high.g - low.g, high.b - low.b};
  for (int k = 0; k < 4; ++k) {
    const Colour next{rr * axis.r + rg * axis.g + rb * axis.b, rg * axis.r + gg * axis.g + gb * axis.b,
                      rb * axis.r + gb * axis.g + bb * axis.b};
    const float largest = std::max({std::fabs(next.r), std::fabs(next.g), std::fabs(next.b)});
    if (largest < 1e-6f) break;
    axis = {next.r / largest, next.g / largest, next.b / largest};
  }
  // The pixels' extent along the axis gives the first end points.
  float lo = 1e30f, hi = -1e30f;
  for (int i = 0; i < 16; ++i) {
    const float t = (p.r[i] - mean.r) * axis.r + (p.g[i] - mean.g) * axis.g + (p.b[i] - mean.b) * axis.b;
    lo = std::min(lo, t), hi = std::max(hi, t);
  }
  const float norm = axis.r * axis.r + axis.g * axis.g + axis.b * axis.b;
  if (norm > 0) lo /= norm, hi /= norm;
  Colour e0{mean.r + hi * axis.r, mean.g + hi * axis.g, mean.b + hi * axis.b};
  Colour e1{mean.r + lo * axis.r, mean.g + lo * axis.g, mean.b + lo * axis.b};

  uint16_t c0 = to_565(e0), c1 = to_565(e1);
  std::array<uint8_t, 16> index{};
  match(p, c0, c1, index);
  // One least-squares refit of the end points to those indices, then the indices again.
  if (Colour f0, f1; c0 != c1 && refit(p, index, f0, f1)) {
    c0 = to_565(f0), c1 = to_565(f1);
    match(p, c0, c1, index);
  }
  if (c0 == c1) {
    index.fill(0);  // one colour: every pixel takes c0 (three-colour mode, which equal end points select)
  } else {
    order(c0, c1, index);
  }
  store(c0, c1, index, out);
}

HapEncoder::HapEncoder(int width, int height, bool snappy)
    : width_(width), height_(height), snappy_(snappy), texture_(static_cast<size_t>(width) * height / 2) {}

AvPacketPtr HapEncoder::encode(const AVFrame& frame) {
  uint8_t* block = texture_.data();
  for (int y = 0; y < height_; y += 4)
    for (int x = 0; x < width_; x += 4, block += 8)
      dxt1_block(frame.data[0] + static_cast<std::ptrdiff_t>(y) * frame.linesize[0] + 4 * x, frame.linesize[0], block);

  std::vector<uint8_t> compressed;
  const uint8_t* payload = texture_.data();
  size_t payload_size = texture_.size();
  uint8_t type = 0xAB;  // DXT1, stored
  if (snappy_) {
    size_t size = snappy_max_compressed_length(texture_.size());
    compressed.resize(size);
    if (snappy_compress(reinterpret_cast<const char*>(texture_.data()), texture_.size(),
                        reinterpret_cast<char*>(compressed.data()), &size) == SNAPPY_OK) {
      payload = compressed.data(), payload_size = size, type = 0xBB;  // DXT1, snappy
    }
  }
  // A section header: 3-byte little-endian size and the type, or a zero size then a 4-byte size.
  const bool long_header = payload_size > 0xFFFFFF;
  const size_t header = long_header ? 8 : 4;
  AvPacketPtr packet = allocate_packet(header + payload_size);
  uint8_t* p = packet->data;
  const auto size_field = long_header ? 0u : static_cast<uint32_t>(payload_size);
  p[0] = static_cast<uint8_t>(size_field), p[1] = static_cast<uint8_t>(size_field >> 8),
  p[2] = static_cast<uint8_t>(size_field >> 16), p[3] = type;
  if (long_header)
    for (int k = 0; k < 4; ++k) p[4 + k] = static_cast<uint8_t>(payload_size >> (8 * k));
  std::memcpy(p + header, payload, payload_size);
  packet->pts = packet->dts = frame.pts;
  packet->duration = 1;
  packet->flags |= AV_PKT_FLAG_KEY;
  return packet;
}

}  // namespace frameout
