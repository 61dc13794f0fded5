#include "convert/sample_convert.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace frameout {

namespace {

// Samples are carried as 32-bit integers (full scale 2^31) or floats between the two layouts.
int32_t load_int(const uint8_t* p, SampleFormat f) {
  switch (f) {
    case SampleFormat::S16: {
      int16_t v;
      std::memcpy(&v, p, 2);
      return static_cast<int32_t>(v) * 65536;
    }
    case SampleFormat::S24:
      return static_cast<int32_t>(static_cast<uint32_t>(p[0]) << 8 | static_cast<uint32_t>(p[1]) << 16 |
                                  static_cast<uint32_t>(p[2]) << 24);
    default: {
      int32_t v;
      std::memcpy(&v, p, 4);
      return v;
    }
  }
}

int32_t float_to_int(float v) {
  const double scaled = std::nearbyint(static_cast<double>(v) * 2147483648.0);
  return static_cast<int32_t>(std::clamp(scaled, -2147483648.0, 2147483647.0));
}

void store(uint8_t* p, SampleFormat f, int32_t v) {
  // Narrowing rounds to nearest: add half of the dropped range, saturating at the top.
  switch (f) {
    case SampleFormat::S16: {
      const int64_t r = std::min<int64_t>((static_cast<int64_t>(v) + 32768) >> 16, 32767);
      const auto s = static_cast<int16_t>(r);
      std::memcpy(p, &s, 2);
      break;
    }
    case SampleFormat::S24: {
      const auto r = static_cast<int32_t>(std::min<int64_t>((static_cast<int64_t>(v) + 128) >> 8, 8388607));
      p[0] = static_cast<uint8_t>(r);
      p[1] = static_cast<uint8_t>(r >> 8);
      p[2] = static_cast<uint8_t>(r >> 16);
      break;
    }
    case SampleFormat::S32: std::memcpy(p, &v, 4); break;
    case SampleFormat::F32: {
      const float f32 = static_cast<float>(v / 2147483648.0);
      std::memcpy(p, &f32, 4);
      break;
    }
  }
}

}  // namespace

AudioBlock convert_samples(const AudioBlock& block, SampleFormat target) {
  if (block.format == target) return block;
  AudioBlock out;
  out.format = target;
  out.channels = block.channels;
  out.first_frame = block.first_frame;
  const size_t samples = static_cast<size_t>(block.frames()) * block.channels;
  out.data.resize(samples * sample_bytes(target));
  const int in_bytes = sample_bytes(block.format), out_bytes = sample_bytes(target);
  const uint8_t* src = block.data.data();
  uint8_t* dst = out.data.data();
  if (block.format == SampleFormat::F32 && target != SampleFormat::F32) {
    for (size_t i = 0; i < samples; ++i, src += 4, dst += out_bytes) {
      float v;
      std::memcpy(&v, src, 4);
      store(dst, target, float_to_int(v));
    }
    return out;
  }
  for (size_t i = 0; i < samples; ++i, src += in_bytes, dst += out_bytes) store(dst, target, load_int(src, block.format));
  return out;
}

}  // namespace frameout
