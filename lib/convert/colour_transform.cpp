#include "convert/colour_transform.hpp"

#include <algorithm>
#include <cmath>

#include "convert/colour_matrix.hpp"
#include "convert/colour_transfer.hpp"
#include "convert/unpack.hpp"

namespace frameout {

namespace {

// Pixels converted per pass: the float staging stays in the cache.
constexpr size_t kChunk = 1024;
// PQ's code values span 10,000 nits.
constexpr double kPqPeakNits = 10000.0;
// A value counts as clipped when storing it moves it by more than half a 16-bit step.
constexpr float kClipSlack = 0.5f / 65535.0f;

bool fixed_point(const PixelFormat& format) {
  return format.sample != SampleType::F16 && format.sample != SampleType::F32 &&
         format.sample != SampleType::Packed11_11_10F;
}

// Nits of light 1.0 in the curve's own unit: PQ's unit is its 10,000-nit peak, HLG's the display peak.
double curve_unit_nits(Transfer transfer) {
  if (transfer == Transfer::Pq) return kPqPeakNits;
  if (transfer == Transfer::Hlg) return kHlgDisplayPeakNits;
  return 0.0;
}

template <typename Out>
int64_t store_clipped(const float* rgba, Out* dst, size_t pixels, float scale) {
  int64_t clipped = 0;
  for (size_t i = 0; i < 4 * pixels; ++i) {
    const float v = rgba[i];
    if (i % 4 != 3 && (v < -kClipSlack || v > 1.0f + kClipSlack)) ++clipped;
    const float c = v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;  // NaN reads as 0
    dst[i] = static_cast<Out>(c * scale + 0.5f);
  }
  return clipped;
}

// The HLG OOTF (or its inverse) on each pixel: it mixes the channels through the luminance.
void apply_ootf(float* rgba, size_t pixels, std::array<double, 3> (*ootf)(const std::array<double, 3>&)) {
  for (size_t p = 0; p < pixels; ++p) {
    float* px = rgba + 4 * p;
    const auto v = ootf({px[0], px[1], px[2]});
    px[0] = static_cast<float>(v[0]), px[1] = static_cast<float>(v[1]), px[2] = static_cast<float>(v[2]);
  }
}

__attribute__((target_clones("avx2", "default"))) void multiply_rows(float* __restrict rgba, size_t pixels,
                                                                       const float* __restrict m) {
  for (size_t p = 0; p < pixels; ++p) {
    float* px = rgba + 4 * p;
    const float r = px[0], g = px[1], b = px[2];
    px[0] = m[0] * r + m[1] * g + m[2] * b;
    px[1] = m[3] * r + m[4] * g + m[5] * b;
    px[2] = m[6] * r + m[7] * g + m[8] * b;
  }
}

void encode_rows(float* rgba, size_t pixels, const CurveTable& curve) {
  for (size_t p = 0; p < pixels; ++p) {
    float* px = rgba + 4 * p;
    px[0] = curve(px[0]), px[1] = curve(px[1]), px[2] = curve(px[2]);
  }
}

}  // namespace

ColourTransform::ColourTransform(const ColourConversion& conversion, bool quantised)
    : decode_(conversion.from->transfer),
      encode_(conversion.to->transfer),
      hlg_in_(decode_ == Transfer::Hlg),
      hlg_out_(encode_ == Transfer::Hlg),
      exact_(!quantised) {
  // Linear light relative to the input's white, then relative to the output's: L * W_in / W_out. PQ and
  // HLG carry absolute light, so their own units are folded in on each side.
  double scale = conversion.from_white_nits / conversion.to_white_nits;
  if (const double unit = curve_unit_nits(decode_); unit > 0.0) scale *= unit / conversion.from_white_nits;
  if (const double unit = curve_unit_nits(encode_); unit > 0.0) scale *= conversion.to_white_nits / unit;
  const Matrix3 m = rgb_to_rgb(conversion.from->primaries, conversion.to->primaries);
  for (size_t i = 0; i < 9; ++i) {
    matrix_exact_[i] = m[i] * scale;
    matrix_[i] = static_cast<float>(matrix_exact_[i]);
  }
  const Transfer in = decode_, out = encode_;
  decode16_.resize(65536);
  for (size_t v = 0; v < decode16_.size(); ++v)
    decode16_[v] = static_cast<float>(decode_transfer(in, static_cast<double>(v) / 65535.0));
  if (quantised) {
    const bool odd = out != Transfer::AcesProxy;
    encode_table_.emplace([out](double x) { return encode_transfer(out, x); }, odd);
    decode_table_.emplace([in](double x) { return decode_transfer(in, x); }, in != Transfer::AcesProxy);
  }
}

void ColourTransform::decode_into(const PixelFormat& format, const uint8_t* src, float* rgba, size_t pixels) const {
  if (fixed_point(format)) {
    // Every code a fixed-point input can hold is in the table (8 bits as their 16-bit equivalent).
    uint16_t wide[4 * kChunk];
    unpack_to_rgba16(format, src, wide, pixels);
    for (size_t i = 0; i < 4 * pixels; ++i) rgba[i] = i % 4 == 3 ? wide[i] / 65535.0f : decode16_[wide[i]];
  } else {
    unpack_to_rgba_float(format, src, rgba, pixels);
    decode_floats(rgba, pixels);
  }
}

void ColourTransform::decode_floats(float* rgba, size_t pixels) const {
  if (decode_ == Transfer::Linear) return;
  for (size_t i = 0; i < 4 * pixels; ++i) {
    if (i % 4 == 3) continue;
    rgba[i] = exact_ ? static_cast<float>(decode_transfer(decode_, rgba[i])) : (*decode_table_)(rgba[i]);
  }
}

void ColourTransform::apply(float* rgba, size_t pixels) const {
  decode_floats(rgba, pixels);
  from_linear(rgba, pixels);
}

void ColourTransform::from_linear(float* rgba, size_t pixels) const {
  if (exact_) {
    for (size_t p = 0; p < pixels; ++p) {
      float* px = rgba + 4 * p;
      std::array<double, 3> v{px[0], px[1], px[2]};
      if (hlg_in_) v = hlg_ootf(v);
      v = frameout::apply(matrix_exact_, v);
      if (hlg_out_) v = hlg_inverse_ootf(v);
      for (int c = 0; c < 3; ++c) px[c] = static_cast<float>(encode_transfer(encode_, v[c]));
    }
    return;
  }
  // One simple loop per step, so the matrix and the table reads vectorise.
  if (hlg_in_) apply_ootf(rgba, pixels, hlg_ootf);
  multiply_rows(rgba, pixels, matrix_.data());
  if (hlg_out_) apply_ootf(rgba, pixels, hlg_inverse_ootf);
  if (encode_ != Transfer::Linear) encode_rows(rgba, pixels, *encode_table_);
}

template <typename Out>
int64_t ColourTransform::to_fixed(const PixelFormat& format, const uint8_t* src, Out* dst, size_t pixels,
                                  float scale) const {
  float rgba[4 * kChunk];
  int64_t clipped = 0;
  for (size_t done = 0; done < pixels; done += kChunk) {
    const size_t n = std::min(kChunk, pixels - done);
    decode_into(format, src + done * format.bytes_per_pixel, rgba, n);
    from_linear(rgba, n);
    clipped += store_clipped(rgba, dst + 4 * done, n, scale);
  }
  return clipped;
}

int64_t ColourTransform::to_rgba16(const PixelFormat& format, const uint8_t* src, uint16_t* dst, size_t pixels) const {
  return to_fixed(format, src, dst, pixels, 65535.0f);
}

int64_t ColourTransform::to_rgba8(const PixelFormat& format, const uint8_t* src, uint8_t* dst, size_t pixels) const {
  return to_fixed(format, src, dst, pixels, 255.0f);
}

VideoFrame ColourTransform::to_float(const VideoFrame& frame, int64_t& outside) const {
  const PixelFormat target = *find_pixel_format("rgba32float");
  VideoFrame out{std::vector<uint8_t>(target.frame_bytes(frame.width, frame.height)), frame.width, frame.height,
                 target, frame.index, nullptr, frame.layers};
  const size_t pixels = static_cast<size_t>(frame.width) * frame.height;
  auto* rgba = reinterpret_cast<float*>(out.data.data());
  for (size_t done = 0; done < pixels; done += kChunk) {
    const size_t n = std::min(kChunk, pixels - done);
    decode_into(frame.format, frame.pixels() + done * frame.format.bytes_per_pixel, rgba + 4 * done, n);
    from_linear(rgba + 4 * done, n);
  }
  for (size_t i = 0; i < 4 * pixels; ++i)
    if (i % 4 != 3 && (rgba[i] < -kClipSlack || rgba[i] > 1.0f + kClipSlack)) ++outside;
  return out;
}

}  // namespace frameout
