#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "sinks/movie/iso_box.hpp"
#include "sinks/movie/sample_tables.hpp"

using namespace frameout;

namespace {

// The boxes write_sample_tables wrote, by type, each as its payload after version and flags.
struct Tables {
  std::vector<uint8_t> bytes;
  std::vector<BoxHeader> boxes;

  bool has(std::string_view type) const {
    for (const auto& b : boxes)
      if (b.is(type)) return true;
    return false;
  }
  ByteReader read(std::string_view type, uint8_t* version = nullptr) const {
    for (const auto& b : boxes)
      if (b.is(type)) {
        ByteReader r(payload_of(bytes, b));
        const uint32_t vf = r.u32();
        if (version) *version = static_cast<uint8_t>(vf >> 24);
        return r;
      }
    FAIL("no " << std::string(type));
    return ByteReader({});
  }
};

Tables tables_of(const FragmentTrack& track) {
  BoxWriter w;
  write_sample_tables(w, track);
  Tables t{w.data(), {}};
  t.boxes = read_boxes(t.bytes);
  return t;
}

}  // namespace

TEST_CASE("intra-only samples: no ctts, no stss, runs of equal durations, chunks per fragment", "[sample_tables]") {
  FragmentTrack track;
  for (int i = 0; i < 5; ++i) track.samples.push_back({uint64_t(i) * 512, 512, uint32_t(100 + i), 0, true});
  track.chunks = {{1000, 2, 1}, {5000, 2, 1}, {9000, 1, 1}};
  const Tables t = tables_of(track);
  CHECK_FALSE(t.has("ctts"));
  CHECK_FALSE(t.has("stss"));
  CHECK_FALSE(t.has("co64"));
  ByteReader stts = t.read("stts");
  CHECK(stts.u32() == 1);
  CHECK(stts.u32() == 5);
  CHECK(stts.u32() == 512);
  ByteReader stsz = t.read("stsz");
  CHECK(stsz.u32() == 0);  // sizes differ: a table
  CHECK(stsz.u32() == 5);
  CHECK(stsz.u32() == 100);
  ByteReader stsc = t.read("stsc");
  REQUIRE(stsc.u32() == 2);  // chunks 1-2 hold two samples, chunk 3 one
  CHECK(stsc.u32() == 1);
  CHECK(stsc.u32() == 2);
  CHECK(stsc.u32() == 1);
  CHECK(stsc.u32() == 3);
  CHECK(stsc.u32() == 1);
  ByteReader stco = t.read("stco");
  REQUIRE(stco.u32() == 3);
  CHECK(stco.u32() == 1000);
  CHECK(stco.u32() == 5000);
  CHECK(stco.u32() == 9000);
}

TEST_CASE("reordered samples get ctts (version 1 only for negative offsets) and stss", "[sample_tables]") {
  FragmentTrack track;
  track.samples = {{0, 10, 50, 20, true}, {10, 10, 50, 0, false}, {20, 10, 50, -10, false}};
  track.chunks = {{uint64_t{5} << 32, 3, 1}};  // past 4 GiB
  const Tables t = tables_of(track);
  uint8_t version = 9;
  ByteReader ctts = t.read("ctts", &version);
  CHECK(version == 1);
  REQUIRE(ctts.u32() == 3);
  ctts.u32();
  CHECK(ctts.u32() == 20);
  ctts.u32();
  CHECK(ctts.u32() == 0);
  ctts.u32();
  CHECK(static_cast<int32_t>(ctts.u32()) == -10);
  ByteReader stss = t.read("stss");
  REQUIRE(stss.u32() == 1);
  CHECK(stss.u32() == 1);
  ByteReader stsz = t.read("stsz");
  CHECK(stsz.u32() == 50);  // one size for all
  CHECK(stsz.u32() == 3);
  CHECK(stsz.left() == 0);
  CHECK_FALSE(t.has("stco"));
  ByteReader co64 = t.read("co64");
  REQUIRE(co64.u32() == 1);
  CHECK(co64.u64() == uint64_t{5} << 32);
}
