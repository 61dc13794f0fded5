#include "sinks/movie/iso_box.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "temp_files.hpp"

using namespace frameout;

TEST_CASE("boxes written by BoxWriter read back with their sizes, types and payloads", "[iso_box]") {
  BoxWriter w;
  const size_t outer = w.begin("moov");
  const size_t full = w.begin_full("mvhd", 1, 0x000203);
  w.u64(0x0102030405060708);
  w.end(full);
  const size_t inner = w.begin("trak");
  w.u16(0xBEEF);
  w.end(inner);
  w.end(outer);
  const auto& bytes = w.data();
  REQUIRE(bytes.size() == 8 + (8 + 4 + 8) + (8 + 2));

  const auto top = read_boxes(bytes);
  REQUIRE(top.size() == 1);
  CHECK(top[0].is("moov"));
  CHECK(top[0].size == bytes.size());
  const auto children = read_boxes(payload_of(bytes, top[0]));
  REQUIRE(children.size() == 2);
  CHECK(children[0].is("mvhd"));
  ByteReader r(payload_of(payload_of(bytes, top[0]), children[0]));
  CHECK(r.u32() == 0x01000203);
  CHECK(r.u64() == 0x0102030405060708);
  CHECK(r.left() == 0);
  CHECK_THROWS_AS(r.u8(), std::out_of_range);
  const auto trak = find_box(payload_of(bytes, top[0]), "trak");
  REQUIRE(trak);
  CHECK(ByteReader(payload_of(payload_of(bytes, top[0]), *trak)).u16() == 0xBEEF);
  CHECK_FALSE(find_box(payload_of(bytes, top[0]), "mvex"));
}

TEST_CASE("64-bit sizes and size 0 (to the end) are understood; a box past its parent is refused", "[iso_box]") {
  std::vector<uint8_t> large = {0, 0, 0, 1, 'm', 'd', 'a', 't', 0, 0, 0, 0, 0, 0, 0, 18, 0xAA, 0xBB};
  auto boxes = read_boxes(large);
  REQUIRE(boxes.size() == 1);
  CHECK(boxes[0].header_size == 16);
  CHECK(boxes[0].size == 18);
  CHECK(boxes[0].payload() == 16);

  std::vector<uint8_t> open_ended = {0, 0, 0, 0, 'm', 'd', 'a', 't', 1, 2, 3};
  boxes = read_boxes(open_ended);
  REQUIRE(boxes.size() == 1);
  CHECK(boxes[0].size == open_ended.size());

  std::vector<uint8_t> too_long = {0, 0, 0, 20, 'f', 'r', 'e', 'e', 0};
  CHECK_THROWS_AS(read_boxes(too_long), std::out_of_range);
}

TEST_CASE("the top-level scan stops at a box the file ends inside", "[iso_box]") {
  const auto folder = testing::fresh_folder("iso_box_scan");
  const auto path = folder / "cut.mp4";
  BoxWriter w;
  w.end(w.begin("ftyp"));
  const size_t mdat = w.begin("mdat");
  for (int i = 0; i < 100; ++i) w.u8(static_cast<uint8_t>(i));
  w.end(mdat);
  std::vector<uint8_t> bytes = w.data();
  bytes.resize(bytes.size() - 10);  // the kill came while the mdat was being written
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  const int fd = ::open(path.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  const TopLevelBoxes top = scan_top_level(fd);
  ::close(fd);
  REQUIRE(top.boxes.size() == 1);
  CHECK(top.boxes[0].is("ftyp"));
  CHECK(top.complete_end == 8);
  CHECK(top.file_size == bytes.size());
  std::filesystem::remove_all(folder);
}
