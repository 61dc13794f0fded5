#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>

#include <unistd.h>

#include "sources/shm/shm_ring.hpp"

using namespace frameout;

namespace {

std::string ring_name(const char* what) { return std::string("fo-unit-") + what + "-" + std::to_string(getpid()); }

// Fills slot n with the byte n % 251 throughout, so a copy mixing two slots' bytes shows.
void publish_pattern(fo_shm_producer& p, uint64_t n) {
  auto* bytes = static_cast<uint8_t*>(fo_shm_begin(&p));
  std::fill(bytes, bytes + fo_shm_payload_bytes(&p), static_cast<uint8_t>(n % 251));
  fo_shm_commit(&p, fo_shm_payload_bytes(&p));
}

bool uniform(const ShmRing::Slot& slot) {
  const uint8_t expected = static_cast<uint8_t>(slot.index % 251);
  return std::all_of(slot.payload.begin(), slot.payload.end(), [&](uint8_t b) { return b == expected; });
}

}  // namespace

TEST_CASE("a reader never accepts a slot the producer overwrote while it was copied", "[shm]") {
  const std::string name = ring_name("torn");
  fo_shm_producer producer;
  REQUIRE(fo_shm_video_open(&producer, name.c_str(), 512, 512, "rgba8fixed", 2048, 60, 1, 3) == 0);
  ShmRing ring(name, "--input", FO_SHM_VIDEO, ShmRing::Mode::Latest, false);
  std::atomic<bool> stop{false};
  // As fast as it can on a three-slot ring: the newest slot is overwritten two publishes later, often while a
  // 1 MB copy is still running.
  std::thread writer([&] {
    for (uint64_t n = 0; !stop; ++n) publish_pattern(producer, n);
  });
  int64_t taken = 0, skipped = 0, mixed = 0;
  ShmRing::Slot slot;
  while (taken < 2000) {
    if (!ring.newest(slot, skipped)) continue;
    ++taken;
    if (!uniform(slot)) ++mixed;
  }
  stop = true;
  writer.join();
  fo_shm_close(&producer);
  INFO("torn reads detected and passed over: " << ring.torn_reads());
  CHECK(mixed == 0);
}

TEST_CASE("a lossless reader gets every slot in order while the producer waits for room", "[shm]") {
  const std::string name = ring_name("lossless");
  fo_shm_producer producer;
  REQUIRE(fo_shm_video_open(&producer, name.c_str(), 64, 64, "rgba8fixed", 256, 60, 1, 3) == 0);
  ShmRing ring(name, "--input", FO_SHM_VIDEO, ShmRing::Mode::Lossless, false);
  constexpr uint64_t kSlots = 500;
  std::thread writer([&] {
    for (uint64_t n = 0; n < kSlots; ++n) publish_pattern(producer, n);
    fo_shm_close(&producer);
  });
  ShmRing::Slot slot;
  uint64_t expected = 0;
  bool in_order = true, intact = true;
  while (ring.next(slot)) {
    in_order = in_order && slot.index == expected++;
    intact = intact && uniform(slot);
  }
  writer.join();
  CHECK(expected == kSlots);
  CHECK(in_order);
  CHECK(intact);
}

TEST_CASE("the ring's layout is the one docs/shm-protocol.md gives", "[shm]") {
  CHECK(offsetof(fo_shm_header, format) == 48);
  CHECK(offsetof(fo_shm_header, session_id) == 96);
  CHECK(offsetof(fo_shm_header, state) == 104);
  CHECK(offsetof(fo_shm_header, published) == 112);
  CHECK(offsetof(fo_shm_header, heartbeat_ns) == 120);
  CHECK(offsetof(fo_shm_header, consumed) == 128);
  CHECK(offsetof(fo_shm_header, consumer_mode) == 140);
  CHECK(offsetof(fo_shm_header, consumed_word) == 144);
  CHECK(sizeof(fo_shm_header) == 152);
  CHECK(sizeof(fo_shm_slot_header) == FO_SHM_SLOT_HEADER_BYTES);
}
