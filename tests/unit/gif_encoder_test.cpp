#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
}

#include "sinks/movie/gif_encoder.hpp"
#include "sinks/movie/gif_palette.hpp"
#include "temp_files.hpp"

using frameout::AvFramePtr;
using frameout::AvPacketPtr;
using frameout::GifEncoder;

namespace {

using Image = std::vector<uint8_t>;  // tightly packed RGBA

AvFramePtr rgba_frame(const Image& pixels, int width, int height, int64_t pts) {
  AvFramePtr frame(av_frame_alloc());
  frame->format = AV_PIX_FMT_RGBA;
  frame->width = width;
  frame->height = height;
  REQUIRE(av_frame_get_buffer(frame.get(), 0) >= 0);
  for (int y = 0; y < height; ++y)
    std::copy_n(pixels.data() + static_cast<size_t>(y) * width * 4, width * 4, frame->data[0] + y * frame->linesize[0]);
  frame->pts = pts;
  return frame;
}

// Every frame through the encoder at 1/fps, as packets in the order the encoder gives them.
std::vector<AvPacketPtr> encode_all(const std::vector<Image>& frames, int width, int height, int fps) {
  GifEncoder encoder(width, height, AVRational{1, fps});
  std::vector<AvPacketPtr> packets;
  for (size_t i = 0; i < frames.size(); ++i) {
    AvPacketPtr packet = encoder.encode(*rgba_frame(frames[i], width, height, static_cast<int64_t>(i)));
    if (packet) packets.push_back(std::move(packet));
  }
  if (AvPacketPtr last = encoder.flush()) packets.push_back(std::move(last));
  return packets;
}

// The packets muxed by libavformat's gif muxer, as the header of gif_encoder.hpp says to.
void mux(const std::vector<AvPacketPtr>& packets, int width, int height, const std::filesystem::path& path) {
  AVFormatContext* context = nullptr;
  REQUIRE(avformat_alloc_output_context2(&context, nullptr, "gif", path.c_str()) >= 0);
  AVStream* stream = avformat_new_stream(context, nullptr);
  stream->codecpar->codec_type = AVMEDIA_TYPE_VIDEO;
  stream->codecpar->codec_id = AV_CODEC_ID_GIF;
  stream->codecpar->width = width;
  stream->codecpar->height = height;
  stream->time_base = {1, 100};
  REQUIRE(avio_open(&context->pb, path.c_str(), AVIO_FLAG_WRITE) >= 0);
  AVDictionary* options = nullptr;
  av_dict_set(&options, "loop", "0", 0);
  REQUIRE(avformat_write_header(context, &options) >= 0);
  av_dict_free(&options);
  for (const AvPacketPtr& packet : packets) {
    AvPacketPtr copy(av_packet_clone(packet.get()));
    copy->stream_index = 0;
    av_packet_rescale_ts(copy.get(), {1, 100}, stream->time_base);
    REQUIRE(av_write_frame(context, copy.get()) >= 0);
  }
  // libavformat 5.1's gif muxer repeats the delay before the last frame unless told the last one.
  if (!packets.empty()) REQUIRE(av_opt_set_int(context->priv_data, "final_delay", packets.back()->duration, 0) >= 0);
  REQUIRE(av_write_trailer(context) >= 0);
  avio_closep(&context->pb);
  avformat_free_context(context);
}

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[65536];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  REQUIRE(::pclose(pipe) == 0);
  return out;
}

// The GIF decoded by the ffmpeg CLI, one RGBA image per frame it shows.
std::vector<Image> decode(const std::filesystem::path& path, int width, int height) {
  const std::string bytes = run("ffmpeg -v error -i '" + path.string() + "' -fps_mode passthrough -f rawvideo -pix_fmt rgba -");
  const size_t size = static_cast<size_t>(width) * height * 4;
  REQUIRE(bytes.size() % size == 0);
  std::vector<Image> frames;
  for (size_t at = 0; at < bytes.size(); at += size) frames.emplace_back(bytes.begin() + at, bytes.begin() + at + size);
  return frames;
}

std::vector<Image> round_trip(const std::vector<Image>& frames, int width, int height, const std::string& name) {
  const auto folder = frameout::testing::fresh_folder("gif_" + name);
  const auto path = folder / "out.gif";
  mux(encode_all(frames, width, height, 30), width, height, path);
  return decode(path, width, height);
}

double psnr_rgb(const Image& a, const Image& b) {
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (i % 4 == 3) continue;
    const double d = static_cast<double>(a[i]) - b[i];
    sum += d * d;
    ++n;
  }
  return sum == 0 ? 99.0 : 10 * std::log10(255.0 * 255.0 / (sum / static_cast<double>(n)));
}

// A smooth two-axis gradient with a drifting hue: thousands of colours.
Image gradient(int width, int height, int shift) {
  Image out(static_cast<size_t>(width) * height * 4);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      uint8_t* p = out.data() + (static_cast<size_t>(y) * width + x) * 4;
      p[0] = static_cast<uint8_t>(255 * x / (width - 1));
      p[1] = static_cast<uint8_t>(255 * y / (height - 1));
      p[2] = static_cast<uint8_t>((x + y + shift) * 255 / (width + height + 16));
      p[3] = 255;
    }
  return out;
}

// Blocks of `colours` distinct colours, moved by `shift` blocks.
Image blocks(int width, int height, int colours, int shift) {
  Image out(static_cast<size_t>(width) * height * 4);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const int c = ((y / 4) * (width / 4) + x / 4 + shift) % colours;
      uint8_t* p = out.data() + (static_cast<size_t>(y) * width + x) * 4;
      p[0] = static_cast<uint8_t>(c * 37 % 256), p[1] = static_cast<uint8_t>(c * 91 % 256);
      p[2] = static_cast<uint8_t>(c), p[3] = 255;
    }
  return out;
}

}  // namespace

TEST_CASE("GIF clock: running time rounded down to centiseconds", "[gif]") {
  using frameout::gif_centiseconds;
  std::vector<int64_t> delays;
  for (int64_t i = 0; i < 9; ++i) delays.push_back(gif_centiseconds(i + 1, {1, 30}) - gif_centiseconds(i, {1, 30}));
  CHECK(delays == std::vector<int64_t>{3, 3, 4, 3, 3, 4, 3, 3, 4});
  CHECK(gif_centiseconds(1, {1001, 30000}) == 3);
  CHECK(gif_centiseconds(90000, {1, 90000}) == 100);
}

TEST_CASE("GIF palettes hold at most 255 colours plus the transparent entry", "[gif]") {
  frameout::ColourHistogram histogram;
  Image noise(128 * 128 * 4);
  uint32_t state = 12345;
  for (auto& v : noise) v = static_cast<uint8_t>((state = state * 1664525u + 1013904223u) >> 24);
  for (size_t i = 3; i < noise.size(); i += 4) noise[i] = 255;
  histogram.add(noise.data(), 128, 128, 128 * 4);
  CHECK(histogram.few_colours().empty());
  const frameout::GifPalette palette = frameout::fit_palette(histogram, 255);
  CHECK(palette.size == 256);
  CHECK(palette.table_bits() == 8);

  const auto decoded = round_trip({noise}, 128, 128, "noise");
  REQUIRE(decoded.size() == 1);
  std::set<uint32_t> colours;
  for (size_t i = 0; i < decoded[0].size(); i += 4)
    colours.insert(static_cast<uint32_t>(decoded[0][i]) << 16 | decoded[0][i + 1] << 8 | decoded[0][i + 2]);
  CHECK(colours.size() <= 255);
  CHECK(psnr_rgb(decoded[0], noise) > 20);  // large codes and table clears decode right
}

TEST_CASE("GIF frames with at most 255 colours come back exactly", "[gif]") {
  std::vector<Image> frames;
  for (int shift : {0, 1, 1, 7}) frames.push_back(blocks(96, 80, 255, shift));
  frames.push_back(blocks(96, 80, 3, 0));  // a new scene with few colours: a small table
  const auto decoded = round_trip(frames, 96, 80, "exact");
  // The third frame equals the second: it shows nothing new and lengthens the second instead.
  REQUIRE(decoded.size() == 4);
  CHECK(decoded[0] == frames[0]);
  CHECK(decoded[1] == frames[1]);
  CHECK(decoded[2] == frames[3]);
  CHECK(decoded[3] == frames[4]);
}

// Unchanged pixels amid changed ones may be coded as their index or as transparent (gif_lzw.hpp): either way
// every frame must decode to exactly its pixels, also where pixels turn transparent and back.
TEST_CASE("GIF frames that change pixel by pixel come back exactly, transparent ones included", "[gif]") {
  constexpr int w = 64, h = 48;
  std::vector<Image> frames;
  Image picture = blocks(w, h, 200, 0);
  uint32_t state = 99;
  for (int i = 0; i < 8; ++i) {
    for (size_t p = 0; p < picture.size() / 4; ++p) {
      state = state * 1664525u + 1013904223u;
      if (state >> 30 == 0) {  // a quarter of the pixels take another of the 200 colours
        const int c = static_cast<int>(state >> 8) % 200;
        picture[p * 4] = static_cast<uint8_t>(c * 37 % 256), picture[p * 4 + 1] = static_cast<uint8_t>(c * 91 % 256);
        picture[p * 4 + 2] = static_cast<uint8_t>(c);
      }
      const bool hole = i % 3 == 1 && p % static_cast<size_t>(w) < 16;  // a strip goes transparent and back
      picture[p * 4 + 3] = hole ? 0 : 255;
    }
    frames.push_back(picture);
  }
  const auto decoded = round_trip(frames, w, h, "pixelwise");
  REQUIRE(decoded.size() == frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    INFO("frame " << i);
    size_t wrong = 0;
    for (size_t p = 0; p < frames[i].size() / 4; ++p) {
      const bool opaque = frames[i][p * 4 + 3] >= 128;
      if (decoded[i][p * 4 + 3] != (opaque ? 255 : 0) ||
          (opaque && !std::equal(&decoded[i][p * 4], &decoded[i][p * 4 + 3], &frames[i][p * 4])))
        ++wrong;
    }
    CHECK(wrong == 0);
  }
}

// A pattern fills the LZW table, which is then kept while it compresses as well as before (a deferred clear)
// and cleared once it does not, several times over the pattern and the noise below it: the decoder must follow.
TEST_CASE("GIF LZW tables kept full and cleared later decode exactly", "[gif]") {
  constexpr int w = 256, h = 192;
  Image picture(static_cast<size_t>(w) * h * 4);
  uint32_t state = 7;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      state = state * 1664525u + 1013904223u;
      const int c = y < h / 2 ? (x / 3 + y / 5 * 7) % 200 : static_cast<int>(state >> 8) % 200;
      uint8_t* p = picture.data() + (static_cast<size_t>(y) * w + x) * 4;
      p[0] = static_cast<uint8_t>(c * 37 % 256), p[1] = static_cast<uint8_t>(c * 91 % 256);
      p[2] = static_cast<uint8_t>(c), p[3] = 255;
    }
  const auto decoded = round_trip({picture}, w, h, "deferred");
  REQUIRE(decoded.size() == 1);
  CHECK(decoded[0] == picture);
}

TEST_CASE("GIF transparency: alpha below 128 is transparent, the rest opaque, also over earlier frames",
          "[gif]") {
  Image first = gradient(64, 64, 0);
  Image second = first;
  for (size_t p = 0; p < second.size() / 4; ++p) second[p * 4 + 3] = static_cast<uint8_t>(p % 64 * 4);  // ramp
  Image third = gradient(64, 64, 4);
  const auto decoded = round_trip({first, second, third}, 64, 64, "alpha");
  REQUIRE(decoded.size() == 3);
  for (size_t p = 0; p < second.size() / 4; ++p) {
    INFO("pixel " << p);
    CHECK(decoded[0][p * 4 + 3] == 255);
    CHECK(decoded[1][p * 4 + 3] == (second[p * 4 + 3] < 128 ? 0 : 255));
    CHECK(decoded[2][p * 4 + 3] == 255);
  }
  CHECK(psnr_rgb(decoded[2], third) > 33);  // as on the gradient below
}

// ffmpeg's palettegen + paletteuse reach 33.7 dB on the first frame: three channels over a 2-D ramp of 32768
// colours is the hard case for 255 colours; frameout's one-pass palette is within 0.5 dB of it.
TEST_CASE("GIF quality on a smooth gradient", "[gif]") {
  std::vector<Image> frames;
  for (int i = 0; i < 4; ++i) frames.push_back(gradient(256, 128, 8 * i));
  const auto decoded = round_trip(frames, 256, 128, "gradient");
  REQUIRE(decoded.size() == frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    INFO("frame " << i << " PSNR " << psnr_rgb(decoded[i], frames[i]));
    CHECK(psnr_rgb(decoded[i], frames[i]) > 33.2);
  }
}

// A ramp of 300 colours: the 255-colour palette is within a level or two of each, inside the dither's dead
// zone, so nothing is scattered: every row comes out the same, each pixel at its nearest palette colour.
TEST_CASE("GIF dithering leaves a ramp the palette nearly holds unscattered", "[gif]") {
  constexpr int w = 300, h = 16;
  Image ramp(static_cast<size_t>(w) * h * 4);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = ramp.data() + (static_cast<size_t>(y) * w + x) * 4;
      p[0] = static_cast<uint8_t>(x * 255 / (w - 1)), p[1] = static_cast<uint8_t>(255 - x * 255 / (w - 1));
      p[2] = static_cast<uint8_t>(128 + x % 3), p[3] = 255;
    }
  const auto decoded = round_trip({ramp}, w, h, "ramp");
  REQUIRE(decoded.size() == 1);
  const size_t row = static_cast<size_t>(w) * 4;
  for (int y = 1; y < h; ++y) {
    INFO("row " << y);
    CHECK(std::equal(decoded[0].begin(), decoded[0].begin() + static_cast<std::ptrdiff_t>(row),
                     decoded[0].begin() + static_cast<std::ptrdiff_t>(row) * y));
  }
  CHECK(psnr_rgb(decoded[0], ramp) > 45);
}

TEST_CASE("GIF encoding is deterministic", "[gif]") {
  std::vector<Image> frames;
  for (int i = 0; i < 3; ++i) frames.push_back(gradient(160, 120, 16 * i));
  auto bytes = [&] {
    std::vector<uint8_t> out;
    for (const AvPacketPtr& p : encode_all(frames, 160, 120, 30)) out.insert(out.end(), p->data, p->data + p->size);
    return out;
  };
  const auto once = bytes();
  CHECK(once == bytes());
  CHECK(once.size() > 1000);
}

TEST_CASE("GIF delays at 30 fps are 3, 3, 4 centiseconds, as ffprobe reads them", "[gif]") {
  std::vector<Image> frames;
  for (int i = 0; i < 9; ++i) frames.push_back(blocks(32, 32, 9, i));
  const auto folder = frameout::testing::fresh_folder("gif_delays");
  mux(encode_all(frames, 32, 32, 30), 32, 32, folder / "d.gif");
  const std::string out =
      run("ffprobe -v error -show_entries packet=pts,duration -of csv=p=0 '" + (folder / "d.gif").string() + "'");
  CHECK(out == "0,3\n3,3\n6,4\n10,3\n13,3\n16,4\n20,3\n23,3\n26,4\n");
}
