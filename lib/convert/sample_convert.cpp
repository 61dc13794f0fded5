#include "convert/sample_convert.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace frameout {

namespace {

// Between integer layouts samples are carried as 32-bit integers (full scale 2^31).
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

// Writes the low `bytes` bytes of `v` in `order`. S24 (3 bytes) writes 4 when `spill` is set: the extra
// byte lands where the next sample goes and is overwritten by it, which keeps the store a single move.
inline void put(uint8_t* p, uint32_t v, int bytes, ByteOrder order, bool spill = false) {
  if (order == ByteOrder::Big) v = __builtin_bswap32(v) >> (8 * (4 - bytes));
  if (bytes == 2) {
    const auto s = static_cast<uint16_t>(v);
    std::memcpy(p, &s, 2);
  } else if (bytes == 4 || spill) {
    std::memcpy(p, &v, 4);
  } else {
    p[0] = static_cast<uint8_t>(v), p[1] = static_cast<uint8_t>(v >> 8), p[2] = static_cast<uint8_t>(v >> 16);
  }
}

// Narrowing rounds to nearest: add half of the dropped range, saturating at the top.
uint32_t narrow(int32_t v, SampleFormat f) {
  switch (f) {
    case SampleFormat::S16: return static_cast<uint32_t>(std::min<int64_t>((static_cast<int64_t>(v) + 32768) >> 16, 32767));
    case SampleFormat::S24: return static_cast<uint32_t>(std::min<int64_t>((static_cast<int64_t>(v) + 128) >> 8, 8388607));
    default: return static_cast<uint32_t>(v);
  }
}

int32_t float_to_int(float v, double full_scale) {
  const double scaled = std::nearbyint(static_cast<double>(v) * full_scale);
  return static_cast<int32_t>(std::clamp(scaled, -full_scale, full_scale - 1.0));
}

// f32 to 16 or 24 bits: scaling by a power of two is exact in float, so one rounding (to nearest even,
// the CPU's default) gives the nearest integer. Four samples per step with SSE2 (every x86-64 CPU has it).
void float_to_narrow(const uint8_t* src, uint8_t* dst, size_t samples, int bytes, ByteOrder order) {
  const float scale = bytes == 2 ? 32768.0f : 8388608.0f;
  size_t i = 0;
#if defined(__SSE2__)
  const __m128 vscale = _mm_set1_ps(scale), low = _mm_set1_ps(-scale), high = _mm_set1_ps(scale - 1.0f);
  alignas(16) int32_t lanes[4];
  // The last sample is left to the scalar loop, so the spilling 24-bit stores stay inside the output.
  for (; i + 4 < samples; i += 4) {
    __m128 v = _mm_mul_ps(_mm_loadu_ps(reinterpret_cast<const float*>(src + 4 * i)), vscale);
    v = _mm_min_ps(_mm_max_ps(v, low), high);
    const __m128i n = _mm_cvtps_epi32(v);
    if (bytes == 2 && order == ByteOrder::Little) {
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + 2 * i), _mm_packs_epi32(n, n));
      continue;
    }
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes), n);
    for (int k = 0; k < 4; ++k)
      put(dst + static_cast<size_t>(bytes) * (i + k), static_cast<uint32_t>(lanes[k]), bytes, order, true);
  }
#endif
  for (; i < samples; ++i) {
    float v;
    std::memcpy(&v, src + 4 * i, 4);
    const float clamped = std::clamp(v * scale, -scale, scale - 1.0f);
    put(dst + static_cast<size_t>(bytes) * i, static_cast<uint32_t>(std::lrint(clamped)), bytes, order);
  }
}

}  // namespace

void convert_sample_run(const uint8_t* src, SampleFormat from, uint8_t* dst, SampleFormat to, size_t samples,
                        ByteOrder order) {
  const int in_bytes = sample_bytes(from), out_bytes = sample_bytes(to);
  if (from == SampleFormat::F32 && (to == SampleFormat::S16 || to == SampleFormat::S24)) {
    float_to_narrow(src, dst, samples, out_bytes, order);
    return;
  }
  if (from == to && order == ByteOrder::Little) {
    std::memcpy(dst, src, samples * static_cast<size_t>(in_bytes));
    return;
  }
  for (size_t i = 0; i < samples; ++i, src += in_bytes, dst += out_bytes) {
    if (from == SampleFormat::F32 && to == SampleFormat::F32) {
      put(dst, load_int(src, SampleFormat::S32), 4, order);  // the same bits, reordered
    } else if (from == SampleFormat::F32) {
      float v;
      std::memcpy(&v, src, 4);
      put(dst, static_cast<uint32_t>(float_to_int(v, 2147483648.0)), 4, order);
    } else if (to == SampleFormat::F32) {
      const float f32 = static_cast<float>(load_int(src, from) / 2147483648.0);
      uint32_t bits;
      std::memcpy(&bits, &f32, 4);
      put(dst, bits, 4, order);
    } else {
      put(dst, narrow(load_int(src, from), to), out_bytes, order);
    }
  }
}

AudioBlock convert_samples(const AudioBlock& block, SampleFormat target) {
  if (block.format == target) return block;
  AudioBlock out;
  out.format = target;
  out.channels = block.channels;
  out.first_frame = block.first_frame;
  const size_t samples = static_cast<size_t>(block.frames()) * block.channels;
  out.data.resize(samples * sample_bytes(target));
  convert_sample_run(block.data.data(), block.format, out.data.data(), target, samples);
  return out;
}

}  // namespace frameout
