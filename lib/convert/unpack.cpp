#include "convert/unpack.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace frameout {

namespace {

// Small unsigned floats of the 11/11/10 format: 5-bit exponent, `mantissa_bits` of mantissa, no sign.
float small_float(uint32_t bits, int mantissa_bits) {
  const uint32_t exponent = bits >> mantissa_bits;
  const uint32_t mantissa = bits & ((1u << mantissa_bits) - 1);
  const float fraction = static_cast<float>(mantissa) / static_cast<float>(1u << mantissa_bits);
  if (exponent == 0) return std::ldexp(fraction, -14);
  if (exponent == 31) return mantissa == 0 ? INFINITY : 0.0f;  // NaN reads as black
  return std::ldexp(1.0f + fraction, static_cast<int>(exponent) - 15);
}

uint16_t unit_to_u16(float v) {
  if (!(v > 0.0f)) return 0;  // also maps NaN to 0
  if (v >= 1.0f) return 65535;
  return static_cast<uint16_t>(v * 65535.0f + 0.5f);
}

// Every half value maps to a clamped 16-bit channel; a table is faster than converting each sample.
const std::array<uint16_t, 65536>& half_table() {
  static const auto table = [] {
    std::array<uint16_t, 65536> t{};
    for (uint32_t i = 0; i < 65536; ++i) t[i] = unit_to_u16(half_to_float(static_cast<uint16_t>(i)));
    return t;
  }();
  return table;
}

template <typename T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// Reads channel `c` of a pixel as a 16-bit value.
uint16_t sample16(SampleType type, const uint8_t* pixel, int c) {
  switch (type) {
    case SampleType::U8: return static_cast<uint16_t>(pixel[c] * 257);
    case SampleType::U16: return load<uint16_t>(pixel + 2 * c);
    case SampleType::F16: return half_table()[load<uint16_t>(pixel + 2 * c)];
    case SampleType::F32: return unit_to_u16(load<float>(pixel + 4 * c));
    case SampleType::Packed10_10_10_2: {
      const uint32_t w = load<uint32_t>(pixel);
      if (c == 3) return static_cast<uint16_t>((w >> 30) * 21845);
      const uint32_t v = (w >> (10 * c)) & 0x3ff;
      return static_cast<uint16_t>((v << 6) | (v >> 4));
    }
    case SampleType::Packed11_11_10F: {
      const uint32_t w = load<uint32_t>(pixel);
      if (c == 0) return unit_to_u16(small_float(w & 0x7ff, 6));
      if (c == 1) return unit_to_u16(small_float((w >> 11) & 0x7ff, 6));
      return unit_to_u16(small_float(w >> 22, 5));
    }
  }
  return 0;
}

// Reads channel `c` of a pixel as a float, unclamped.
float sample_float(SampleType type, const uint8_t* pixel, int c) {
  switch (type) {
    case SampleType::U8: return pixel[c] / 255.0f;
    case SampleType::U16: return load<uint16_t>(pixel + 2 * c) / 65535.0f;
    case SampleType::F16: return half_to_float(load<uint16_t>(pixel + 2 * c));
    case SampleType::F32: return load<float>(pixel + 4 * c);
    case SampleType::Packed10_10_10_2: return sample16(type, pixel, c) / 65535.0f;
    case SampleType::Packed11_11_10F: {
      const uint32_t w = load<uint32_t>(pixel);
      if (c == 0) return small_float(w & 0x7ff, 6);
      if (c == 1) return small_float((w >> 11) & 0x7ff, 6);
      return small_float(w >> 22, 5);
    }
  }
  return 0.0f;
}

template <typename Out, typename Sample>
void expand(const PixelFormat& format, const uint8_t* src, Out* dst, size_t pixels, Out opaque, Sample sample) {
  const int bpp = format.bytes_per_pixel;
  for (size_t i = 0; i < pixels; ++i, src += bpp, dst += 4) {
    switch (format.channels) {
      case ChannelSet::RGBA:
        for (int c = 0; c < 4; ++c) dst[c] = sample(src, c);
        break;
      case ChannelSet::RGB:
        for (int c = 0; c < 3; ++c) dst[c] = sample(src, c);
        dst[3] = opaque;
        break;
      case ChannelSet::RG:
        dst[0] = sample(src, 0);
        dst[1] = sample(src, 1);
        dst[2] = 0;
        dst[3] = opaque;
        break;
      case ChannelSet::Mono:
        dst[0] = dst[1] = dst[2] = sample(src, 0);
        dst[3] = opaque;
        break;
      case ChannelSet::Alpha:
        dst[0] = dst[1] = dst[2] = dst[3] = sample(src, 0);
        break;
      case ChannelSet::MonoAlpha:
        dst[0] = dst[1] = dst[2] = sample(src, 0);
        dst[3] = sample(src, 1);
        break;
    }
  }
}

}  // namespace

float half_to_float(uint16_t bits) {
  const uint32_t sign = (bits >> 15) & 1, exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
  float value;
  if (exponent == 0) value = std::ldexp(static_cast<float>(mantissa), -24);
  else if (exponent == 31) value = mantissa ? NAN : INFINITY;
  else value = std::ldexp(static_cast<float>(mantissa | 0x400), static_cast<int>(exponent) - 25);
  return sign ? -value : value;
}

bool unpacks_to_16bit(const PixelFormat& format) { return format.sample != SampleType::U8; }

void unpack_to_rgba8(const PixelFormat& format, const uint8_t* src, uint8_t* dst, size_t pixels) {
  if (format.sample == SampleType::U8) {
    expand<uint8_t>(format, src, dst, pixels, uint8_t{255}, [](const uint8_t* p, int c) { return p[c]; });
    return;
  }
  // Deeper samples round to the nearest 8-bit value (v * 255 / 65535).
  const SampleType type = format.sample;
  expand<uint8_t>(format, src, dst, pixels, uint8_t{255}, [type](const uint8_t* p, int c) {
    return static_cast<uint8_t>((static_cast<uint32_t>(sample16(type, p, c)) * 255 + 32767) / 65535);
  });
}

void unpack_to_rgba16(const PixelFormat& format, const uint8_t* src, uint16_t* dst, size_t pixels) {
  const SampleType type = format.sample;
  expand<uint16_t>(format, src, dst, pixels, uint16_t{65535},
                   [type](const uint8_t* p, int c) { return sample16(type, p, c); });
}

void unpack_to_rgba_float(const PixelFormat& format, const uint8_t* src, float* dst, size_t pixels) {
  if (format.sample == SampleType::F32 && format.channels == ChannelSet::RGBA) {
    std::memcpy(dst, src, pixels * 16);
    return;
  }
  const SampleType type = format.sample;
  expand<float>(format, src, dst, pixels, 1.0f, [type](const uint8_t* p, int c) { return sample_float(type, p, c); });
}

}  // namespace frameout
