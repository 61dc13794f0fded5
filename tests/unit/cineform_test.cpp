#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
}

#include "sinks/movie/cineform_codebook.hpp"
#include "sinks/movie/cineform_encoder.hpp"
#include "sinks/movie/msb_bit_writer.hpp"

using namespace frameout;

namespace {

enum class Picture { Ramp, Noise, Flat, Mixed };

int bit_depth(AVPixelFormat format) { return format == AV_PIX_FMT_YUV422P10LE ? 10 : 12; }

// A frame whose every plane holds `picture` (noise from `seed`), at the format's bit depth.
AvFramePtr make_frame(AVPixelFormat format, int width, int height, Picture picture, unsigned seed, int64_t pts) {
  AvFramePtr frame(av_frame_alloc());
  frame->format = format, frame->width = width, frame->height = height, frame->pts = pts;
  REQUIRE(av_frame_get_buffer(frame.get(), 0) == 0);
  const int top = (1 << bit_depth(format)) - 1;
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> noise(0, top);
  for (int p = 0; p < 4 && frame->data[p] != nullptr; ++p) {
    const int w = format == AV_PIX_FMT_YUV422P10LE && p > 0 ? width / 2 : width;
    for (int y = 0; y < height; ++y) {
      auto* row = reinterpret_cast<uint16_t*>(frame->data[p] + static_cast<std::ptrdiff_t>(y) * frame->linesize[p]);
      for (int x = 0; x < w; ++x) {
        const int ramp = (x * 3 + y * 5 + p * 97) * top / (3 * w + 5 * height + 300);
        int v = picture == Picture::Ramp ? ramp : picture == Picture::Noise ? noise(random) : top / 3 + p;
        if (picture == Picture::Mixed) v = std::clamp(ramp + (noise(random) - top / 2) / 16, 0, top);
        if (p == 3 && picture == Picture::Mixed) v = x < w / 3 ? 0 : x < 2 * w / 3 ? ramp : top;
        row[x] = static_cast<uint16_t>(v);
      }
    }
  }
  return frame;
}

AvPacketPtr libav_encode(const AVFrame& frame, int level) {
  const AVCodec* codec = avcodec_find_encoder_by_name("cfhd");
  REQUIRE(codec != nullptr);
  AvCodecContextPtr context(avcodec_alloc_context3(codec));
  context->width = frame.width, context->height = frame.height;
  context->pix_fmt = static_cast<AVPixelFormat>(frame.format);
  context->time_base = {1, 25};
  context->thread_count = 1;
  av_opt_set_int(context->priv_data, "quality", level, 0);
  REQUIRE(avcodec_open2(context.get(), codec, nullptr) == 0);
  REQUIRE(avcodec_send_frame(context.get(), &frame) == 0);
  AvPacketPtr packet(av_packet_alloc());
  REQUIRE(avcodec_receive_packet(context.get(), packet.get()) == 0);
  return packet;
}

// Decodes `packet` with libavcodec's cfhd decoder; null if it refuses it.
AvFramePtr libav_decode(const AVPacket& packet) {
  const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_CFHD);
  REQUIRE(codec != nullptr);
  AvCodecContextPtr context(avcodec_alloc_context3(codec));
  context->thread_count = 1;
  REQUIRE(avcodec_open2(context.get(), codec, nullptr) == 0);
  AvFramePtr frame(av_frame_alloc());
  if (avcodec_send_packet(context.get(), &packet) < 0) return nullptr;
  if (avcodec_receive_frame(context.get(), frame.get()) < 0) return nullptr;
  return frame;
}

// PSNR over every plane of two frames of the same format and size.
double psnr(const AVFrame& a, const AVFrame& b) {
  const auto format = static_cast<AVPixelFormat>(a.format);
  double squared = 0, count = 0;
  for (int p = 0; p < 4 && a.data[p] != nullptr; ++p) {
    const int w = format == AV_PIX_FMT_YUV422P10LE && p > 0 ? a.width / 2 : a.width;
    for (int y = 0; y < a.height; ++y) {
      const auto* ra = reinterpret_cast<const uint16_t*>(a.data[p] + static_cast<std::ptrdiff_t>(y) * a.linesize[p]);
      const auto* rb = reinterpret_cast<const uint16_t*>(b.data[p] + static_cast<std::ptrdiff_t>(y) * b.linesize[p]);
      for (int x = 0; x < w; ++x) squared += (ra[x] - rb[x]) * static_cast<double>(ra[x] - rb[x]);
      count += w;
    }
  }
  const double top = (1 << bit_depth(format)) - 1;
  return squared == 0 ? 99.0 : 10 * std::log10(top * top * count / squared);
}

std::vector<uint8_t> bytes(const AVPacket& packet) { return {packet.data, packet.data + packet.size}; }

}  // namespace

TEST_CASE("CineForm: the bit writer writes most significant bit first and pads the last byte", "[movie]") {
  std::vector<uint8_t> out(16, 0xEE);  // 8 bytes of code, and the 8 the writer may store beyond them
  MsbBitWriter bits(out.data());
  bits.put(0x5, 3);                   // 101
  bits.put(0x3114BA3, 26);            // the band end
  bits.put_long(0x1FFFFFFFFull, 33);  // 33 ones
  bits.put(0, 2);
  const uint8_t* end = bits.finish();
  REQUIRE(end - out.data() == 8);  // 64 bits
  // 101 | 11 0001 0001 0100 1011 1010 0011 | 33 ones | 00
  CHECK(std::vector<uint8_t>(out.begin(), out.begin() + 8) ==
        std::vector<uint8_t>{0xB8, 0x8A, 0x5D, 0x1F, 0xFF, 0xFF, 0xFF, 0xFC});
}

TEST_CASE("CineForm: the codebook is prefix-free and companding is monotone", "[movie]") {
  // Every level's code word (without its sign bit), the run words and the band end: no word may begin another.
  std::vector<std::string> words;
  auto text = [](uint64_t bits, uint32_t length) {
    std::string s;
    for (uint32_t i = length; i-- > 0;) s += (bits >> i & 1) ? '1' : '0';
    return s;
  };
  const auto& codes = cineform_coefficient_codes();
  std::set<int> levels;
  for (int m = 1; m <= kCineformMaxMagnitude; ++m) {
    CHECK(cineform_level(m) >= cineform_level(m - 1));
    if (levels.insert(cineform_level(m)).second)
      words.push_back(text(codes[static_cast<size_t>(m)].bits >> 1, codes[static_cast<size_t>(m)].length - 1));
  }
  CHECK(levels.size() == 255);
  CHECK(cineform_level(kCineformMaxMagnitude) == 255);
  for (int run : {1, 12, 20, 32, 60, 100, 180})
    words.push_back(text(cineform_run_codes()[static_cast<size_t>(run)].bits,
                         cineform_run_codes()[static_cast<size_t>(run)].length));
  words.push_back(text(kCineformLongestRunCode.bits, kCineformLongestRunCode.length));
  words.push_back(text(kCineformBandEnd.bits, kCineformBandEnd.length));
  for (size_t i = 0; i < words.size(); ++i)
    for (size_t j = 0; j < words.size(); ++j)
      if (i != j) CHECK(words[j].rfind(words[i], 0) != 0);
  for (int run = 1; run < kCineformLongestRun; ++run)
    CHECK(cineform_run_codes()[static_cast<size_t>(run)].length <= 64);
}

// Where libavcodec's packets are readable: an odd number of low-pass coefficients (4:2:2 chroma of 80x40) is
// padded to 4 bytes by frameout, as the decoder expects, and not by libavcodec.
TEST_CASE("CineForm: packets are libavcodec's, byte for byte", "[movie]") {
  struct Case {
    AVPixelFormat format;
    int width, height;
  };
  const Case cases[] = {{AV_PIX_FMT_YUV422P10LE, 64, 32},
                        {AV_PIX_FMT_YUV422P10LE, 720, 480},
                        {AV_PIX_FMT_YUV422P10LE, 208, 64},
                        {AV_PIX_FMT_GBRP12LE, 96, 40},
                        {AV_PIX_FMT_GBRAP12LE, 112, 64}};
  for (const Case& c : cases)
    for (const Picture picture : {Picture::Mixed, Picture::Noise})
      for (int level = 0; level < 13; ++level) {
        CAPTURE(av_get_pix_fmt_name(c.format), c.width, c.height, static_cast<int>(picture), level);
        CineformEncoder ours(c.width, c.height, c.format, level);
        for (int64_t pts = 0; pts < 2; ++pts) {
          const auto seed = 7 + static_cast<unsigned>(pts);
          const AvFramePtr frame = make_frame(c.format, c.width, c.height, picture, seed, pts);
          const AvPacketPtr packet = ours.encode(*frame);
          REQUIRE(packet != nullptr);
          CHECK(bytes(*packet) == bytes(*libav_encode(*frame, level)));
          CHECK(packet->pts == pts);
          CHECK((packet->flags & AV_PKT_FLAG_KEY) != 0);
        }
      }
}

TEST_CASE("CineForm: libavcodec's decoder reads every level back, better levels no worse", "[movie]") {
  for (const AVPixelFormat format : {AV_PIX_FMT_YUV422P10LE, AV_PIX_FMT_GBRP12LE, AV_PIX_FMT_GBRAP12LE}) {
    const AvFramePtr frame = make_frame(format, 256, 144, Picture::Mixed, 3, 0);
    double previous = 1e9;
    size_t previous_size = SIZE_MAX;
    for (int level = 0; level < 13; ++level) {
      CAPTURE(av_get_pix_fmt_name(format), level);
      const AvPacketPtr packet = CineformEncoder(256, 144, format, level).encode(*frame);
      const AvFramePtr decoded = libav_decode(*packet);
      REQUIRE(decoded != nullptr);
      REQUIRE(decoded->format == format);
      const double quality = psnr(*frame, *decoded);
      // libavcodec's RGB levels are not ordered at high+ (7): film1's finest R and B bands are quantised
      // harder; frameout keeps its levels.
      if (format == AV_PIX_FMT_YUV422P10LE || level != 7) {
        CHECK(quality <= previous + 1e-9);
        CHECK(static_cast<size_t>(packet->size) <= previous_size);
      }
      CHECK(quality > (level <= 2 ? 45.0 : 36.0));
      previous = quality, previous_size = static_cast<size_t>(packet->size);
    }
  }
}

TEST_CASE("CineForm: flat, ramp and noise frames at the sizes the descriptor allows decode", "[movie]") {
  const std::pair<int, int> sizes[] = {{48, 32}, {64, 32}, {80, 40}, {208, 56}, {1280, 720}, {1920, 1080}};
  for (const auto& [width, height] : sizes)
    for (const Picture picture : {Picture::Flat, Picture::Ramp, Picture::Noise}) {
      CAPTURE(width, height, static_cast<int>(picture));
      const AvFramePtr frame = make_frame(AV_PIX_FMT_YUV422P10LE, width, height, picture, 11, 5);
      const AvPacketPtr packet = CineformEncoder(width, height, AV_PIX_FMT_YUV422P10LE, 2).encode(*frame);
      const AvFramePtr decoded = libav_decode(*packet);
      REQUIRE(decoded != nullptr);
      CHECK(decoded->width == width);
      CHECK(decoded->height == height);
      CHECK(psnr(*frame, *decoded) > (picture == Picture::Noise ? 30.0 : 45.0));
    }
}
