#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <vector>

#include <unistd.h>

#include "system/error.hpp"
#include "system/mapping_guard.hpp"
#include "sources/byte_stream.hpp"
#include "sources/raw_frame_source.hpp"

using namespace frameout;
namespace fs = std::filesystem;

namespace {

fs::path write_bytes(const std::string& name, size_t size) {
  const fs::path path = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  std::vector<char> bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>(i * 7 + i / 251);
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(size));
  return path;
}

uint8_t byte_at(size_t i) { return static_cast<uint8_t>(i * 7 + i / 251); }

}  // namespace

TEST_CASE("a regular file's bytes are mapped in turn, at any offset, and reads carry on after them", "[sources]") {
  const fs::path path = write_bytes("map", 10000);
  ByteStream stream(path.string(), "--input");
  const auto first = stream.map_next(4099);  // ends in the middle of a page
  REQUIRE(first);
  CHECK(first.get()[0] == byte_at(0));
  CHECK(first.get()[4098] == byte_at(4098));
  const auto second = stream.map_next(3000);  // starts in the middle of a page
  REQUIRE(second);
  CHECK(second.get()[0] == byte_at(4099));
  CHECK(second.get()[2999] == byte_at(7098));
  CHECK_FALSE(stream.map_next(3000));  // past the end: nothing mapped, nothing consumed
  std::vector<uint8_t> rest(5000);
  REQUIRE(stream.read_fully(rest.data(), rest.size()) == 2901);
  CHECK(rest[0] == byte_at(7099));
  CHECK(rest[2900] == byte_at(9999));
  fs::remove(path);
}

TEST_CASE("raw frames of a file arrive as mapped views holding exactly the file's bytes", "[sources]") {
  const PixelFormat rgb = *find_pixel_format("rgb8fixed");
  const size_t frame_bytes = rgb.frame_bytes(5, 3);  // 45 bytes: frames start off page boundaries
  const fs::path path = write_bytes("frames", frame_bytes * 3 + 10);
  RawFrameSource source(path.string(), 5, 3, rgb, Rational{30, 1});
  VideoFrame frame;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(source.read(frame) == ReadResult::Frame);
    CHECK(frame.view);
    CHECK(frame.byte_size() == frame_bytes);
    CHECK(frame.pixels()[0] == byte_at(frame_bytes * i));
    CHECK(frame.pixels()[frame_bytes - 1] == byte_at(frame_bytes * (i + 1) - 1));
  }
  // The 10 bytes left are a truncated frame: an input error, as with reads.
  CHECK_THROWS(source.read(frame));
  fs::remove(path);
}

TEST_CASE("a mapped frame whose file shrinks reads as zeros and is reported once, by the thread that read it",
          "[sources]") {
  install_mapping_guard();
  const fs::path path = write_bytes("shrink", 3 * 4096);
  ByteStream stream(path.string(), "--input");
  const auto frame = stream.map_next(3 * 4096);
  REQUIRE(frame);
  CHECK_NOTHROW(check_mapped_reads());
  ::truncate(path.c_str(), 4096);  // another program cuts the file while the frame is in flight
  CHECK(frame.get()[0] == byte_at(0));
  const volatile uint8_t* past_end = frame.get() + 2 * 4096 + 5;
  CHECK(*past_end == 0);  // SIGBUS without the guard
  try {
    check_mapped_reads();
    FAIL("the vanished page went unreported");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Input);
    CHECK_THAT(e.what(), Catch::Contains(path.string()) && Catch::Contains("--input") && Catch::Contains("shrank"));
  }
  CHECK_NOTHROW(check_mapped_reads());  // reported once
  fs::remove(path);
}
