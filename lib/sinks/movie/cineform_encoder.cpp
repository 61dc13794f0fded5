#include "sinks/movie/cineform_encoder.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <initializer_list>

#include "sinks/movie/cineform_codebook.hpp"
#include "sinks/movie/cineform_quantisers.hpp"
#include "sinks/movie/cineform_wavelet.hpp"
#include "sinks/movie/msb_bit_writer.hpp"

namespace frameout {

namespace {

// The tags of CineForm's tag-value pairs that frameout writes.
enum Tag : int {
  kSampleType = 1,
  kSampleIndexTable = 2,
  kBitstreamMarker = 4,
  kTransformType = 10,
  kNumFrames = 11,
  kChannelCount = 12,
  kWaveletCount = 13,
  kSubbandCount = 14,
  kNumSpatial = 15,
  kFirstWavelet = 16,
  kGroupTrailer = 18,
  kImageWidth = 20,
  kImageHeight = 21,
  kLowpassSubband = 25,
  kNumLevels = 26,
  kLowpassWidth = 27,
  kLowpassHeight = 28,
  kPixelOffset = 33,
  kLowpassQuantization = 34,
  kLowpassPrecision = 35,
  kWaveletType = 37,
  kWaveletNumber = 38,
  kWaveletLevel = 39,
  kNumBands = 40,
  kHighpassWidth = 41,
  kHighpassHeight = 42,
  kLowpassBorder = 43,
  kHighpassBorder = 44,
  kLowpassScale = 45,
  kLowpassDivisor = 46,
  kSubbandNumber = 48,
  kBandWidth = 49,
  kBandHeight = 50,
  kSubbandBand = 51,
  kBandEncoding = 52,
  kQuantization = 53,
  kBandScale = 54,
  kBandHeader = 55,
  kBandTrailer = 56,
  kChannelNumber = 62,
  kSampleFlags = 68,
  kFrameNumber = 69,  // optional: written negated
  kPrecision = 70,
  kBandCodingFlags = 72,
  kPrescaleTable = 83,
  kEncodedFormat = 84,
};

inline uint8_t* put_be16(uint8_t* p, int value) {
  p[0] = static_cast<uint8_t>(value >> 8), p[1] = static_cast<uint8_t>(value);
  return p + 2;
}

inline uint8_t* put_tag(uint8_t* p, int tag, int value) { return put_be16(put_be16(p, tag), value); }

struct TagValue {
  int tag;
  int value;
};

inline uint8_t* put_tags(uint8_t* p, std::initializer_list<TagValue> pairs) {
  for (const TagValue& pair : pairs) p = put_tag(p, pair.tag, pair.value);
  return p;
}

// Rows of a band are coded padded to a multiple of 8 coefficients.
inline int padded(int width) { return (width + 7) & ~7; }

// CineForm keeps alpha 12-bit with the ends fixed and the values between squeezed into 256..4079 (its decoder
// undoes it).
void remap_alpha(const AVFrame& frame, int width, int height, int16_t* out) {
  for (int y = 0; y < height; ++y, out += width) {
    const uint8_t* row = frame.data[3] + static_cast<std::ptrdiff_t>(y) * frame.linesize[3];
    const auto* in = reinterpret_cast<const uint16_t*>(row);
    for (int x = 0; x < width; ++x) {
      int a = in[x];
      if (a > 0 && a < 4080) a = ((a * 223 + 128) >> 8) + 256;
      out[x] = static_cast<int16_t>(std::min(a, 4095));
    }
  }
}

// Rounds |x| / quantiser to the nearest (ties away from zero) by a multiply with the 15-bit reciprocal, as the
// reference encoder does; magnitudes are clamped to what the codebook holds. Rows come out padded with zeros.
__attribute__((target_clones("avx2", "default")))
void quantise_band(const int16_t* band, int width, int height, int quantiser, int16_t* out) {
  const int reciprocal = (1 << 15) / quantiser;
  const int stride = padded(width);
  for (int y = 0; y < height; ++y, band += width, out += stride) {
    for (int x = 0; x < width; ++x) {
      const int v = band[x];
      const int magnitude = std::min((std::abs(v) * reciprocal + (1 << 14)) >> 15, kCineformMaxMagnitude);
      out[x] = static_cast<int16_t>(v < 0 ? -magnitude : magnitude);
    }
    std::fill(out + width, out + stride, int16_t{0});
  }
}

// A run of zeros: run codes of kCineformLongestRun zeros, then the code of the rest (none for 0).
inline void put_run(MsbBitWriter& bits, size_t run) {
  for (; run >= kCineformLongestRun; run -= kCineformLongestRun)
    bits.put(kCineformLongestRunCode.bits, kCineformLongestRunCode.length);
  const CineformRunCode& code = cineform_run_codes()[run];
  bits.put_long(code.bits, code.length);
}

// Codes `count` quantised coefficients (a multiple of 4) as zero runs and coefficient codes, then the band end.
static_assert(std::endian::native == std::endian::little, "a word's first coefficient is its low lane");
uint8_t* code_band(const int16_t* q, size_t count, uint8_t* out) {
  const auto& codes = cineform_coefficient_codes();
  MsbBitWriter bits(out);
  size_t run = 0;
  for (size_t i = 0; i < count; i += 4) {
    // Four coefficients at a time: a zero word is four zeros; otherwise the top bit of each 16-bit lane of
    // `nonzero` marks a coefficient to code, taken lowest first.
    uint64_t word;
    std::memcpy(&word, q + i, sizeof word);
    if (word == 0) {
      run += 4;
      continue;
    }
    constexpr uint64_t kLow15 = 0x7FFF7FFF7FFF7FFF;
    uint64_t nonzero = (((word & kLow15) + kLow15) | word) & ~kLow15;
    size_t next = 0;  // the first lane not accounted for
    do {
      const auto lane = static_cast<size_t>(__builtin_ctzll(nonzero) >> 4);
      const size_t zeros = run + lane - next;
      run = 0, next = lane + 1;
      const int v = q[i + lane];
      const CineformCode& code = codes[static_cast<size_t>(std::abs(v))];
      // A run shorter than the shortest run word is as many one-zero words: zero bits ahead of the code.
      if (zeros >= kCineformShortestRunWord) {
        put_run(bits, zeros);
        bits.put(code.bits | static_cast<uint32_t>(v) >> 31, code.length);
      } else {
        bits.put(code.bits | static_cast<uint32_t>(v) >> 31, code.length + static_cast<uint32_t>(zeros));
      }
      nonzero &= nonzero - 1;
    } while (nonzero != 0);
    run = 4 - next;
  }
  put_run(bits, run);
  bits.put(kCineformBandEnd.bits, kCineformBandEnd.length);
  return bits.finish();
}

}  // namespace

CineformEncoder::CineformEncoder(int width, int height, AVPixelFormat pixel_format, int level)
    : width_(width), height_(height), twelve_bit_(pixel_format != AV_PIX_FMT_YUV422P10LE) {
  const int count = pixel_format == AV_PIX_FMT_GBRAP12LE ? 4 : 3;
  channels_.resize(static_cast<size_t>(count));
  for (int c = 0; c < count; ++c) {
    Channel& ch = channels_[static_cast<size_t>(c)];
    ch.width = c > 0 && c < 3 && !twelve_bit_ ? width / 2 : width;
    ch.height = height;
    // CineForm's second and third channels are Cr and Cb (R and B), the frame's third and second planes.
    ch.source = c == 1 ? 2 : c == 2 ? 1 : c;
    ch.quantisers = cineform_quantisers(twelve_bit_, c, level);
    const auto samples = static_cast<size_t>(ch.width) * ch.height;
    if (c == 3) ch.alpha.resize(samples);
    ch.low.resize(samples / 2);
    ch.high.resize(samples / 2);
    ch.lowpass_a.resize(samples / 4);
    ch.lowpass_b.resize(samples / 16);
    ch.bands[0].resize(samples / 64);
    ch.largest = 4096 + samples / 64 * 2;
    for (int b = 1; b < 10; ++b) {
      const int shift = 3 - (b - 1) / 3;  // 3, 2, 1: the band is 1/2^shift of the channel each way
      const int band_width = ch.width >> shift, band_height = ch.height >> shift;
      ch.bands[static_cast<size_t>(b)].resize(static_cast<size_t>(band_width) * band_height);
      ch.largest += static_cast<size_t>(padded(band_width)) * band_height * 4 + 64;  // 27 bits at most a value
    }
    ch.quantised.resize(static_cast<size_t>(padded(ch.width / 2)) * (ch.height / 2));
  }
}

uint8_t* CineformEncoder::code_channel(Channel& ch, const AVFrame& frame, uint8_t* out) const {
  // Three wavelet levels, finest first; each row split is followed by the column splits of its two halves.
  const int w = ch.width, h = ch.height;
  const int16_t* in = reinterpret_cast<const int16_t*>(frame.data[ch.source]);
  std::ptrdiff_t stride = frame.linesize[ch.source] / 2;
  if (!ch.alpha.empty()) {
    remap_alpha(frame, w, h, ch.alpha.data());
    in = ch.alpha.data(), stride = w;
  }
  auto& band = ch.bands;
  cineform_split_rows(in, stride, w, h, ch.low.data(), ch.high.data());
  cineform_split_columns(ch.low.data(), w / 2, h, ch.lowpass_a.data(), band[8].data(), true);
  cineform_split_columns(ch.high.data(), w / 2, h, band[7].data(), band[9].data(), false);
  cineform_split_rows(ch.lowpass_a.data(), w / 2, w / 2, h / 2, ch.low.data(), ch.high.data());
  cineform_split_columns(ch.low.data(), w / 4, h / 2, ch.lowpass_b.data(), band[5].data(), twelve_bit_);
  cineform_split_columns(ch.high.data(), w / 4, h / 2, band[4].data(), band[6].data(), false);
  cineform_split_rows(ch.lowpass_b.data(), w / 4, w / 4, h / 4, ch.low.data(), ch.high.data());
  cineform_split_columns(ch.low.data(), w / 8, h / 4, band[0].data(), band[2].data(), false);
  cineform_split_columns(ch.high.data(), w / 8, h / 4, band[1].data(), band[3].data(), false);

  uint8_t* p = out;
  const int low_width = w / 8, low_height = h / 8;
  p = put_tags(p, {{kLowpassSubband, 0},
                   {kNumLevels, 3},
                   {kLowpassWidth, low_width},
                   {kLowpassHeight, low_height},
                   {kPixelOffset, 0},
                   {kLowpassQuantization, 1},
                   {kLowpassPrecision, 16},
                   {kBitstreamMarker, 0x0f0f}});
  for (const int16_t v : band[0]) p = put_be16(p, v);
  // The decoder reads on from the next multiple of 4 bytes (libavcodec's encoder does not pad an odd count of
  // low-pass coefficients, and FFmpeg then cannot read its chroma of sizes such as 80x40).
  if (band[0].size() % 2 != 0) p = put_be16(p, 0);
  p = put_tag(p, kBitstreamMarker, 0x1b4b);
  for (int level = 0; level < 3; ++level) {
    const int band_width = low_width << level, band_height = low_height << level;
    p = put_tags(p, {{kBitstreamMarker, 0x0d0d},
                     {kWaveletType, level == 2 ? 5 : 3},
                     {kWaveletNumber, 3 - level},
                     {kWaveletLevel, 3 - level},
                     {kNumBands, 4},
                     {kHighpassWidth, band_width},
                     {kHighpassHeight, band_height},
                     {kLowpassBorder, 0},
                     {kHighpassBorder, 0},
                     {kLowpassScale, 1},
                     {kLowpassDivisor, 1}});
    for (int i = 0; i < 3; ++i) {
      const int number = 1 + 3 * level + i;
      const int quantiser = ch.quantisers[static_cast<size_t>(number - 1)];
      p = put_tags(p, {{kBitstreamMarker, 0x0e0e},
                       {kSubbandNumber, i + 1},
                       {kBandCodingFlags, 1},
                       {kBandWidth, band_width},
                       {kBandHeight, band_height},
                       {kSubbandBand, number},
                       {kBandEncoding, 3},
                       {kQuantization, quantiser},
                       {kBandScale, 1},
                       {kBandHeader, 0}});
      quantise_band(band[static_cast<size_t>(number)].data(), band_width, band_height, quantiser, ch.quantised.data());
      p = code_band(ch.quantised.data(), static_cast<size_t>(padded(band_width)) * band_height, p);
      // The coded band is padded to 4 bytes (the channel's part starts on a multiple of 4 in the packet).
      while ((p - out) % 4 != 0) *p++ = 0;
      p = put_tag(p, kBandTrailer, 0);
    }
    p = put_tag(p, kBitstreamMarker, 0x0c0c);
  }
  return p;
}

AvPacketPtr CineformEncoder::encode(const AVFrame& frame) {
  // Room for the largest packet (untouched pages cost nothing), shrunk to what was written.
  const int count = static_cast<int>(channels_.size());
  size_t largest = 4 * (16 + count) + 4;  // the frame's header and the group trailer
  for (const Channel& ch : channels_) largest += 12 + ch.largest;
  AvPacketPtr packet = allocate_packet(largest);
  uint8_t* p = packet->data;
  p = put_tags(p, {{kSampleType, 9}, {kSampleIndexTable, count}});
  uint8_t* sizes = p;  // each channel's size in bytes, 32-bit, filled in below
  p += 4 * count;
  p = put_tags(p, {{kTransformType, 0},
                   {kNumFrames, 1},
                   {kChannelCount, count},
                   {kEncodedFormat, !twelve_bit_ ? 1 : count == 4 ? 4 : 3},
                   {kWaveletCount, 3},
                   {kSubbandCount, 10},
                   {kNumSpatial, 2},
                   {kFirstWavelet, 3},
                   {kImageWidth, width_},
                   {kImageHeight, height_},
                   {-kFrameNumber, static_cast<int>(frame.pts & 0xFFFF)},
                   {kPrecision, twelve_bit_ ? 12 : 10},
                   {kPrescaleTable, twelve_bit_ ? 0x2800 : 0x2000},
                   {kSampleFlags, 1}});
  // One thread: the pipeline runs an encoder per core on whole frames (intra-only codecs).
  for (int c = 0; c < count; ++c) {
    if (c > 0) p = put_tags(p, {{kSampleType, 3}, {kChannelNumber, c}});
    p = put_tag(p, kBitstreamMarker, 0x1a4a);
    uint8_t* end = code_channel(channels_[static_cast<size_t>(c)], frame, p);
    const auto bytes = static_cast<uint32_t>(end - p);
    put_be16(put_be16(sizes + 4 * c, static_cast<int>(bytes >> 16)), static_cast<int>(bytes & 0xFFFF));
    p = end;
  }
  p = put_tag(p, kGroupTrailer, 0);
  av_shrink_packet(packet.get(), static_cast<int>(p - packet->data));
  packet->pts = packet->dts = frame.pts;
  packet->duration = 1;
  packet->flags |= AV_PKT_FLAG_KEY;
  return packet;
}

}  // namespace frameout
