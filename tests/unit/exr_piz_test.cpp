// frameout's own PIZ coder, checked against OpenEXR itself: files it writes are read back by OpenEXR's C++
// decoder (its fast Huffman decoder for long chunks, the classic one for short) and must hold exactly the
// samples written, and its streams must be as small as those of OpenEXR's own PIZ encoder.

#include <catch2/catch.hpp>

#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfFrameBuffer.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfInputFile.h>
#include <OpenEXR/ImfOutputFile.h>

#include "sinks/image/exr_piz.hpp"
#include "sinks/image/image_writer.hpp"
#include "temp_files.hpp"

using namespace frameout;
namespace fs = std::filesystem;

namespace {

constexpr const char* kNames[] = {"R", "G", "B", "A"};

// A frame of `token` layout whose 16-bit words (halves, or the two halves of each float) come from `word`.
VideoFrame frame_of(std::string_view token, int width, int height, const std::function<uint16_t(size_t)>& word) {
  VideoFrame frame;
  frame.format = *find_pixel_format(token);
  frame.width = width;
  frame.height = height;
  frame.data.resize(frame.format.frame_bytes(width, height));
  for (size_t i = 0; i < frame.data.size() / 2; ++i) {
    const uint16_t w = word(i);
    std::memcpy(frame.data.data() + 2 * i, &w, 2);
  }
  return frame;
}

int channel_count(const VideoFrame& frame) {
  return frame.format.bytes_per_pixel / (frame.format.sample == SampleType::F32 ? 4 : 2);
}

// The frame's samples as OpenEXR's decoder reads them from `path`, in the frame's own interleaved layout.
std::vector<uint8_t> read_back(const fs::path& path, const VideoFrame& like) {
  Imf::InputFile in(path.c_str());
  const bool is_float = like.format.sample == SampleType::F32;
  const size_t sample = is_float ? 4 : 2;
  const size_t pixel = static_cast<size_t>(like.format.bytes_per_pixel);
  std::vector<uint8_t> out(like.data.size(), 0xAB);
  Imf::FrameBuffer buffer;
  const int channels = channel_count(like);
  for (int c = 0; c < channels; ++c) {
    const char* name = channels == 1 ? "Y" : kNames[c];
    buffer.insert(name, Imf::Slice(is_float ? Imf::FLOAT : Imf::HALF, reinterpret_cast<char*>(out.data() + c * sample),
                                   pixel, pixel * static_cast<size_t>(like.width)));
  }
  in.setFrameBuffer(buffer);
  in.readPixels(0, like.height - 1);
  return out;
}

fs::path write_piz(const fs::path& folder, const std::string& name, const VideoFrame& frame) {
  ImageOptions options;
  options.compression = "piz";
  const auto path = folder / (name + ".exr");
  make_image_writer("exr")->write(path, frame, options);
  return path;
}

// The same frame through OpenEXR's own PIZ encoder.
fs::path write_library_piz(const fs::path& folder, const std::string& name, const VideoFrame& frame) {
  const bool is_float = frame.format.sample == SampleType::F32;
  const auto type = is_float ? Imf::FLOAT : Imf::HALF;
  Imf::Header header(frame.width, frame.height, 1.0f, Imath::V2f(0, 0), 1.0f, Imf::INCREASING_Y, Imf::PIZ_COMPRESSION);
  Imf::FrameBuffer buffer;
  const size_t pixel = static_cast<size_t>(frame.format.bytes_per_pixel);
  for (int c = 0; c < channel_count(frame); ++c) {
    header.channels().insert(kNames[c], Imf::Channel(type));
    buffer.insert(kNames[c], Imf::Slice(type, reinterpret_cast<char*>(const_cast<uint8_t*>(frame.data.data())) +
                                                  c * (is_float ? 4 : 2),
                                        pixel, pixel * static_cast<size_t>(frame.width)));
  }
  const auto path = folder / (name + "-openexr.exr");
  Imf::OutputFile out(path.c_str(), header, 0);
  out.setFrameBuffer(buffer);
  out.writePixels(frame.height);
  return path;
}

// Half values of a smooth picture: few distinct values, so PIZ's 14-bit wavelet applies.
uint16_t smooth_half(size_t i) { return static_cast<uint16_t>(0x3800 + (i / 4) % 97 + (i / 977) % 31); }

}  // namespace

TEST_CASE("PIZ files read back exactly through OpenEXR's decoder", "[exr]") {
  const auto folder = testing::fresh_folder("piz");
  std::mt19937 random(7);
  const std::vector<std::pair<std::string, std::function<uint16_t(size_t)>>> contents = {
      {"zeros", [](size_t) { return uint16_t{0}; }},                    // only the value 0: an empty bitmap
      {"ones", [](size_t) { return uint16_t{0x3c00}; }},                // long runs: run codes past 255 repeats
      {"smooth", smooth_half},                                          // 14-bit wavelet
      {"noise", [&](size_t) { return static_cast<uint16_t>(random()); }},  // 16-bit wavelet; chunks stored as is
      {"stripes", [](size_t i) { return static_cast<uint16_t>((i / 64) % 3 == 0 ? 0xbc00 : i % 5000); }},
  };
  // Narrower than tall (1x33, 7x40) as well as wider: the wavelet runs as many levels as the smaller side allows.
  const std::vector<std::pair<int, int>> sizes = {{1, 1}, {3, 2}, {1, 33}, {7, 40}, {37, 23}, {64, 70}, {301, 40}};
  for (const char* token : {"rgba16float", "rgb32float", "mono32float", "mono16float"})
    for (const auto& [content, word] : contents)
      for (const auto& [width, height] : sizes) {
        const std::string name = std::string(token) + "-" + content + "-" + std::to_string(width) + "x" +
                                 std::to_string(height);
        INFO(name);
        const VideoFrame frame = frame_of(token, width, height, word);
        CHECK(read_back(write_piz(folder, name, frame), frame) == frame.data);
      }
  fs::remove_all(folder);
}

TEST_CASE("PIZ streams are as small as OpenEXR's own", "[exr]") {
  const auto folder = testing::fresh_folder("piz_size");
  std::mt19937 random(11);
  std::normal_distribution<float> grain(0.0f, 0.01f);
  // Float noise on a gradient: every chunk compresses, with tens of thousands of distinct 16-bit words.
  VideoFrame floats = frame_of("rgba32float", 640, 96, [](size_t) { return uint16_t{0}; });
  auto* samples = reinterpret_cast<float*>(floats.data.data());
  for (size_t i = 0; i < floats.data.size() / 4; ++i)
    samples[i] = static_cast<float>(i % 2560) / 2560.0f + grain(random);
  VideoFrame halves = frame_of("rgba16float", 640, 96, smooth_half);
  for (const VideoFrame* frame : {&floats, &halves}) {
    const std::string name = frame == &floats ? "floats" : "halves";
    INFO(name);
    const auto ours = fs::file_size(write_piz(folder, name, *frame));
    const auto library = fs::file_size(write_library_piz(folder, name, *frame));
    // Both build minimum-redundancy codes; only ties between equal-cost code sets differ.
    CHECK(static_cast<double>(ours) <= static_cast<double>(library) * 1.005);
    CHECK(ours < frame->data.size());
  }
  fs::remove_all(folder);
}

TEST_CASE("PIZ leaves a chunk that does not shrink to be stored as it is", "[exr]") {
  std::mt19937 random(3);
  std::vector<uint8_t> noise(32 * 100 * 8);
  for (auto& b : noise) b = static_cast<uint8_t>(random());
  PizEncoder encoder;
  const std::vector<PizChannel> channels = {{100, 2}, {100, 2}};
  CHECK(encoder.compress(noise, 32, channels).empty());

  const std::vector<uint8_t> zeros(noise.size(), 0);
  const auto stream = encoder.compress(zeros, 32, channels);
  REQUIRE_FALSE(stream.empty());
  // Bitmap range (4 bytes, no bitmap: only zeros), stream length (4), Huffman header (20), the lengths of
  // symbols 0 and the run symbol (12 bits: 2 bytes), then 12,800 zeros as 50 runs of 256 at 1 + 1 + 8 bits
  // each (500 bits: 63 bytes).
  CHECK(stream.size() == 4 + 4 + 20 + 2 + 63);

  CHECK_THROWS_AS(encoder.compress(zeros, 31, channels), std::invalid_argument);  // size does not match
}
