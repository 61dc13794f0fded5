#include "convert/reformat.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "convert/unpack.hpp"

namespace frameout {

namespace {

template <typename T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename T>
void store(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}


float read_sample(SampleType type, const uint8_t* pixel, int c) {
  switch (type) {
    case SampleType::U8: return pixel[c] / 255.0f;
    case SampleType::U16: return load<uint16_t>(pixel + 2 * c) / 65535.0f;
    case SampleType::F16: return half_to_float(load<uint16_t>(pixel + 2 * c));
    case SampleType::F32: return load<float>(pixel + 4 * c);
    default: return 0.0f;  // packed formats are widened through unpack_to_rgba16 instead
  }
}

void write_sample(SampleType type, uint8_t* pixel, int c, float v) {
  switch (type) {
    case SampleType::U8: pixel[c] = static_cast<uint8_t>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); break;
    case SampleType::U16:
      store<uint16_t>(pixel + 2 * c, static_cast<uint16_t>(std::clamp(v, 0.0f, 1.0f) * 65535.0f + 0.5f));
      break;
    case SampleType::F16: store<uint16_t>(pixel + 2 * c, float_to_half(v)); break;
    case SampleType::F32: store<float>(pixel + 4 * c, v); break;
    default: break;
  }
}

// Reads one pixel as RGBA floats.
void read_rgba(const PixelFormat& f, const uint8_t* pixel, float rgba[4]) {
  float v[4] = {0, 0, 0, 1};
  const int n = channel_count(f.channels);
  for (int c = 0; c < n; ++c) v[c] = read_sample(f.sample, pixel, c);
  switch (f.channels) {
    case ChannelSet::RGBA: std::copy(v, v + 4, rgba); break;
    case ChannelSet::RGB: rgba[0] = v[0], rgba[1] = v[1], rgba[2] = v[2], rgba[3] = 1; break;
    case ChannelSet::RG: rgba[0] = v[0], rgba[1] = v[1], rgba[2] = 0, rgba[3] = 1; break;
    case ChannelSet::Mono: rgba[0] = rgba[1] = rgba[2] = v[0], rgba[3] = 1; break;
    case ChannelSet::Alpha: rgba[0] = rgba[1] = rgba[2] = rgba[3] = v[0]; break;
    case ChannelSet::MonoAlpha: rgba[0] = rgba[1] = rgba[2] = v[0], rgba[3] = v[1]; break;
  }
}

void write_rgba(const PixelFormat& f, uint8_t* pixel, const float rgba[4]) {
  // Grey is taken as it is: the weighted sum can miss it by a rounding step, and a float grey must survive.
  const bool grey = rgba[0] == rgba[1] && rgba[1] == rgba[2];
  const float luminance = grey ? rgba[0] : 0.2126f * rgba[0] + 0.7152f * rgba[1] + 0.0722f * rgba[2];
  float v[4] = {rgba[0], rgba[1], rgba[2], rgba[3]};
  if (f.channels == ChannelSet::Mono) v[0] = luminance;
  if (f.channels == ChannelSet::MonoAlpha) v[0] = luminance, v[1] = rgba[3];
  if (f.channels == ChannelSet::Alpha) v[0] = rgba[3];
  const int n = channel_count(f.channels);
  for (int c = 0; c < n; ++c) write_sample(f.sample, pixel, c, v[c]);
}

bool is_packed(const PixelFormat& f) {
  return f.sample == SampleType::Packed10_10_10_2 || f.sample == SampleType::Packed11_11_10F;
}

}  // namespace

uint16_t float_to_half(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  const uint32_t sign = (bits >> 16) & 0x8000;
  const int exponent = static_cast<int>((bits >> 23) & 0xff) - 127 + 15;
  uint32_t mantissa = bits & 0x7fffff;
  if (((bits >> 23) & 0xff) == 0xff) return static_cast<uint16_t>(sign | 0x7c00 | (mantissa ? 0x200 : 0));
  if (exponent >= 31) return static_cast<uint16_t>(sign | 0x7c00);
  if (exponent <= 0) {
    if (exponent < -10) return static_cast<uint16_t>(sign);
    mantissa |= 0x800000;
    const int shift = 14 - exponent;
    uint32_t half = mantissa >> shift;
    const uint32_t rest = mantissa & ((1u << shift) - 1), halfway = 1u << (shift - 1);
    if (rest > halfway || (rest == halfway && (half & 1))) ++half;
    return static_cast<uint16_t>(sign | half);
  }
  uint32_t half = (static_cast<uint32_t>(exponent) << 10) | (mantissa >> 13);
  const uint32_t rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1))) ++half;  // round to nearest even; may carry into exponent
  return static_cast<uint16_t>(sign | half);
}

namespace {

// Same channels, another sample type (16-bit TIFF to 8-bit PNG or half EXR, the usual image-writer case):
// one loop over the samples, giving exactly the values of the general path several times faster.
// Returns false for the combinations it does not cover.
bool convert_sample_type(const VideoFrame& frame, VideoFrame& out) {
  const SampleType from = frame.format.sample, to = out.format.sample;
  const size_t samples = static_cast<size_t>(frame.width) * frame.height * channel_count(frame.format.channels);
  const uint8_t* src = frame.pixels();
  uint8_t* dst = out.data.data();
  if (from == SampleType::U16 && to == SampleType::U8) {
    // round(v * 255 / 65535) = round(v / 257); no value lies near a tie, so this matches the float path.
    for (size_t i = 0; i < samples; ++i) dst[i] = static_cast<uint8_t>((load<uint16_t>(src + 2 * i) * 255u + 32767u) / 65535u);
    return true;
  }
  if (from == SampleType::U16 && to == SampleType::F16) {
    static const std::vector<uint16_t> halves = [] {
      std::vector<uint16_t> table(65536);
      for (uint32_t v = 0; v < table.size(); ++v) table[v] = float_to_half(static_cast<float>(v) / 65535.0f);
      return table;
    }();
    for (size_t i = 0; i < samples; ++i) store<uint16_t>(dst + 2 * i, halves[load<uint16_t>(src + 2 * i)]);
    return true;
  }
  if (from == SampleType::U16 && to == SampleType::F32) {
    for (size_t i = 0; i < samples; ++i) store<float>(dst + 4 * i, load<uint16_t>(src + 2 * i) / 65535.0f);
    return true;
  }
  return false;
}

}  // namespace

VideoFrame reformat(const VideoFrame& frame, const PixelFormat& target) {
  if (frame.format.token == target.token) return frame;
  VideoFrame out{std::vector<uint8_t>(target.frame_bytes(frame.width, frame.height)), frame.width, frame.height,
                 target, frame.index, nullptr, frame.layers};
  if (frame.format.channels == target.channels && convert_sample_type(frame, out)) return out;
  const size_t pixels = static_cast<size_t>(frame.width) * frame.height;
  const uint8_t* src = frame.pixels();
  PixelFormat source = frame.format;
  std::vector<uint8_t> widened;
  if (is_packed(source)) {
    // Packed layouts are widened to 16-bit RGBA first; their precision fits in 16 bits.
    widened.resize(pixels * 8);
    unpack_to_rgba16(source, src, reinterpret_cast<uint16_t*>(widened.data()), pixels);
    src = widened.data();
    source = *find_pixel_format("rgba16fixed");
  }
  float rgba[4];
  uint8_t* dst = out.data.data();
  for (size_t i = 0; i < pixels; ++i, src += source.bytes_per_pixel, dst += target.bytes_per_pixel) {
    read_rgba(source, src, rgba);
    write_rgba(target, dst, rgba);
  }
  return out;
}

VideoFrame reformat_held(const VideoFrame& frame, const PixelFormat& held, const PixelFormat& target) {
  if (frame.format.token == held.token || held.token == target.token || is_packed(held)) return reformat(frame, target);
  // Two passes, only when the writer cannot store the held layout itself: exact, and rare enough not to
  // need a fused loop.
  return reformat(reformat(frame, held), target);
}

}  // namespace frameout
