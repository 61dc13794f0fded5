// Frame ranges (--frames), frames found on disk, and image sequences read as a source.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "system/error.hpp"
#include "naming/frame_pattern.hpp"
#include "sources/images/frame_range.hpp"
#include "sources/images/image_sequence_source.hpp"

#include "temp_files.hpp"

using namespace frameout;
namespace fs = std::filesystem;

namespace {

std::vector<int64_t> frames_of(const FrameRange& range) {
  std::vector<int64_t> frames;
  for (int64_t i = 0; i < range.size(); ++i) frames.push_back(range.at(i));
  return frames;
}

std::vector<int64_t> parsed(const std::string& spec) { return frames_of(parse_frame_range(spec)); }

// A fresh folder for one of this file's tests.
fs::path sequence_folder(const std::string& name) { return testing::fresh_folder("sequence_" + name); }

void touch(const fs::path& path) { std::ofstream(path) << "x"; }

// A top-down 24-bit BMP whose every pixel is (value, value, value).
void write_grey_bmp(const fs::path& path, int width, int height, uint8_t value) {
  const uint32_t stride = (static_cast<uint32_t>(width) * 3 + 3) / 4 * 4, offset = 14 + 40;
  std::vector<uint8_t> b = {'B', 'M'};
  auto put32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
  };
  put32(offset + stride * height), put32(0), put32(offset), put32(40);
  put32(static_cast<uint32_t>(width)), put32(static_cast<uint32_t>(-height));
  b.insert(b.end(), {1, 0, 24, 0});
  for (int i = 0; i < 6; ++i) put32(0);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width * 3; ++x) b.push_back(value);
    b.resize(b.size() + (stride - width * 3), 0);
  }
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// Reads the whole stream; returns each frame's first byte (the value written) and checks the indices.
std::vector<int> read_all(ImageSequenceSource& source) {
  std::vector<int> values;
  VideoFrame frame;
  while (source.read(frame) == ReadResult::Frame) {
    CHECK(frame.index == static_cast<int64_t>(values.size()));
    CHECK(frame.width == source.info().width);
    CHECK(frame.format.token == source.info().format.token);
    values.push_back(frame.data.at(0));
  }
  return values;
}

const Rational kRate{24, 1};

}  // namespace

TEST_CASE("the --frames farm syntax parses in the order written", "[sources]") {
  CHECK(parsed("1001-1005") == std::vector<int64_t>{1001, 1002, 1003, 1004, 1005});
  CHECK(parsed("1-10x3") == std::vector<int64_t>{1, 4, 7, 10});
  CHECK(parsed("1-10x4") == std::vector<int64_t>{1, 5, 9});
  CHECK(parsed("1,5,10-12") == std::vector<int64_t>{1, 5, 10, 11, 12});
  CHECK(parsed("7") == std::vector<int64_t>{7});
  CHECK(parsed(" 3 , 1 ") == std::vector<int64_t>{3, 1});
  CHECK(parsed("-3--1") == std::vector<int64_t>{-3, -2, -1});
  CHECK(parsed("-2-2") == std::vector<int64_t>{-2, -1, 0, 1, 2});
  CHECK(parsed("-4") == std::vector<int64_t>{-4});
  CHECK(parsed("5-5") == std::vector<int64_t>{5});
}

TEST_CASE("long frame ranges cost no memory and index directly", "[sources]") {
  const FrameRange range = parse_frame_range("1-1000000000,5,0-10x5");
  CHECK(range.size() == 1000000000 + 1 + 3);
  CHECK(range.at(0) == 1);
  CHECK(range.at(999999999) == 1000000000);
  CHECK(range.at(1000000000) == 5);
  CHECK(range.at(1000000003) == 10);
}

TEST_CASE("bad --frames values are usage errors quoting the value", "[sources]") {
  for (const std::string spec : {"", "1-", "-", "a", "1-5x0", "1-5x", "1..5", "1,,2", "1-5y2", "1-5x-2", "5x2",
                                 "1 - 5", "99999999999", "1-2-3", "100-1", "10-1x4",
                                 "1-5,3-2"}) {
    INFO(spec);
    try {
      parse_frame_range(spec);
      FAIL("expected a usage error");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::Usage);
      CHECK_THAT(e.what(), Catch::StartsWith("--frames '" + spec + "'"));
    }
  }
}

TEST_CASE("a reversed --frames range is refused naming the range and the order that works", "[sources]") {
  try {
    parse_frame_range("1,100-1");
    FAIL("expected a usage error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Usage);
    CHECK_THAT(e.what(), Catch::Contains("'100-1' runs backwards") && Catch::Contains("(1-100)"));
  }
}

TEST_CASE("frames on disk are found for each token style with the pattern's padding", "[sources]") {
  const fs::path folder = sequence_folder("discover");
  for (const char* name : {"shot.0001.png", "shot.0002.png", "shot.0004.png", "shot.10000.png", "shot.-0002.png",
                           "shot.001.png", "shot.00010.png", "shot.0003.txt", "other.0005.png", "shot.0006.png.tmp"})
    touch(folder / name);
  fs::create_directory(folder / "shot.0007.png");  // a folder is not a frame

  for (const char* pattern : {"shot.####.png", "shot.%04d.png", "shot.$F4.png", "shot.@@@@.png"}) {
    INFO(pattern);
    CHECK(frames_of(discover_frames(FramePattern(folder / pattern, 0))) == std::vector<int64_t>{-2, 1, 2, 4, 10000});
  }
  // Unpadded: "shot.1.png" style names only.
  touch(folder / "shot.3.png");
  touch(folder / "shot.12.png");
  CHECK(frames_of(discover_frames(FramePattern(folder / "shot.%d.png", 0))) == std::vector<int64_t>{3, 12, 10000});
  CHECK(discover_frames(FramePattern(folder / "missing_folder" / "f.####.png", 0)).empty());
  fs::remove_all(folder);

  // What is found is read from the first to the last frame, by the largest step that reaches them all.
  FrameRange found;
  for (int64_t n : {1001, 1005, 1013}) found.append(n);
  const FrameSpan span = covering_span(found);
  CHECK(span.first == 1001);
  CHECK(span.last == 1013);
  CHECK(span.step == 4);
}

TEST_CASE("an image sequence reads the frames of its range in order", "[sources]") {
  const fs::path folder = sequence_folder("read");
  for (int n = 1; n <= 5; ++n) write_grey_bmp(folder / fmt::format("f.{:04}.bmp", n), 3, 2, static_cast<uint8_t>(n * 10));
  const std::string pattern = (folder / "f.####.bmp").string();

  SECTION("a range from --frames") {
    ImageSequenceSource source(pattern, "2-5x2,1", MissingFrames::Error, {}, kRate);
    const StreamInfo info = source.info();
    CHECK(info.width == 3);
    CHECK(info.height == 2);
    CHECK(info.format.token == "rgb8fixed");
    CHECK(info.rate == kRate);
    CHECK(info.frame_count == 3);
    CHECK(info.name == pattern);
    CHECK(read_all(source) == std::vector<int>{20, 40, 10});
    CHECK(source.held_frames() == 0);
  }
  SECTION("every frame found on disk") {
    ImageSequenceSource source(pattern, std::nullopt, MissingFrames::Error, {}, kRate);
    CHECK(source.info().frame_count == 5);
    CHECK(read_all(source) == std::vector<int>{10, 20, 30, 40, 50});
  }
  fs::remove_all(folder);
}

TEST_CASE("a missing frame is an input error naming the file and --frames", "[sources]") {
  const fs::path folder = sequence_folder("missing");
  for (int n : {1, 2, 4}) write_grey_bmp(folder / fmt::format("f.{:04}.bmp", n), 2, 2, static_cast<uint8_t>(n));
  try {
    ImageSequenceSource source((folder / "f.####.bmp").string(), "1-5", MissingFrames::Error, {}, kRate);
    FAIL("expected an input error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Input);
    CHECK_THAT(e.what(), Catch::Contains((folder / "f.0003.bmp").string()) && Catch::Contains("--frames '1-5'"));
  }
  fs::remove_all(folder);
}

TEST_CASE("with hold, missing frames repeat the previous one and are counted", "[sources]") {
  const fs::path folder = sequence_folder("hold");
  for (int n : {2, 3, 5}) write_grey_bmp(folder / fmt::format("f.{:04}.bmp", n), 2, 2, static_cast<uint8_t>(n));
  // Frame 1 is missing before any existing file: the first existing frame stands in for it.
  ImageSequenceSource source((folder / "f.####.bmp").string(), "1-6", MissingFrames::Hold, {}, kRate);
  CHECK(source.info().frame_count == 6);
  CHECK(read_all(source) == std::vector<int>{2, 2, 3, 3, 5, 5});
  CHECK(source.held_frames() == 3);

  try {
    ImageSequenceSource none((folder / "f.####.bmp").string(), "10-12", MissingFrames::Hold, {}, kRate);
    FAIL("expected an input error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Input);
    CHECK_THAT(e.what(), Catch::Contains((folder / "f.0010.bmp").string()) && Catch::Contains("--frames '10-12'"));
  }
  fs::remove_all(folder);
}

TEST_CASE("without --frames, a gap between the files on disk is a missing frame", "[sources]") {
  const fs::path folder = sequence_folder("gap");
  for (int n : {1, 2, 4}) write_grey_bmp(folder / fmt::format("f.{:04}.bmp", n), 2, 2, static_cast<uint8_t>(n));
  const std::string pattern = (folder / "f.####.bmp").string();
  try {
    ImageSequenceSource source(pattern, std::nullopt, MissingFrames::Error, {}, kRate);
    FAIL("expected an input error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Input);
    CHECK_THAT(e.what(), Catch::Contains((folder / "f.0003.bmp").string()) && Catch::Contains("--input"));
  }
  ImageSequenceSource held(pattern, std::nullopt, MissingFrames::Hold, {}, kRate);
  CHECK(held.info().frame_count == 4);
  CHECK(read_all(held) == std::vector<int>{1, 2, 2, 4});
  CHECK(held.held_frames() == 1);

  // Rendered on twos: every file is reached by a step of 2, so nothing is missing.
  const fs::path twos = sequence_folder("twos");
  for (int n : {11, 13, 15}) write_grey_bmp(twos / fmt::format("t.{:04}.bmp", n), 2, 2, static_cast<uint8_t>(n));
  ImageSequenceSource stepped((twos / "t.####.bmp").string(), std::nullopt, MissingFrames::Error, {}, kRate);
  CHECK(read_all(stepped) == std::vector<int>{11, 13, 15});
  fs::remove_all(folder);
  fs::remove_all(twos);
}

TEST_CASE("a frame of another size is an input error naming it", "[sources]") {
  const fs::path folder = sequence_folder("size");
  write_grey_bmp(folder / "f.0001.bmp", 4, 4, 1);
  write_grey_bmp(folder / "f.0002.bmp", 4, 3, 2);
  ImageSequenceSource source((folder / "f.####.bmp").string(), std::nullopt, MissingFrames::Error, {}, kRate);
  VideoFrame frame;
  CHECK(source.read(frame) == ReadResult::Frame);
  try {
    source.read(frame);
    FAIL("expected an input error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Input);
    CHECK_THAT(e.what(), Catch::Contains((folder / "f.0002.bmp").string()) && Catch::Contains("4x3") &&
                             Catch::Contains("4x4"));
  }
  fs::remove_all(folder);
}

TEST_CASE("a name without a frame token is one still image", "[sources]") {
  const fs::path folder = sequence_folder("still");
  write_grey_bmp(folder / "poster.bmp", 5, 1, 99);
  ImageSequenceSource source((folder / "poster.bmp").string(), std::nullopt, MissingFrames::Error, {}, kRate);
  CHECK(source.info().frame_count == 1);
  CHECK(source.info().width == 5);
  CHECK(read_all(source) == std::vector<int>{99});

  CHECK_THROWS_MATCHES(ImageSequenceSource((folder / "poster.bmp").string(), "1-3", MissingFrames::Error, {}, kRate),
                       Error, Catch::Matchers::Predicate<Error>([](const Error& e) { return e.code() == ExitCode::Usage; }));
  CHECK_THROWS_MATCHES(ImageSequenceSource((folder / "absent.bmp").string(), std::nullopt, MissingFrames::Hold, {}, kRate),
                       Error, Catch::Matchers::Predicate<Error>([](const Error& e) { return e.code() == ExitCode::Input; }));
  fs::remove_all(folder);
}

TEST_CASE("a pattern that matches no file is an input error", "[sources]") {
  const fs::path folder = sequence_folder("nomatch");
  try {
    ImageSequenceSource source((folder / "f.####.exr").string(), std::nullopt, MissingFrames::Error, {}, kRate);
    FAIL("expected an input error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Input);
    CHECK_THAT(e.what(), Catch::Contains("--input") && Catch::Contains("f.####.exr"));
  }
  CHECK(parse_missing_frames("hold") == MissingFrames::Hold);
  CHECK(parse_missing_frames("error") == MissingFrames::Error);
  CHECK_FALSE(parse_missing_frames("skip"));
  fs::remove_all(folder);
}
