#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "pipeline/audio_gate.hpp"

using namespace frameout;

namespace {

// Mono s32 samples whose values are their numbers, `total` of them, in blocks of `block`.
class CountingSource : public AudioSource {
 public:
  CountingSource(int64_t total, bool can_wait) : total_(total), can_wait_(can_wait) {}
  AudioInfo info() const override { return {1000, 1, SampleFormat::S32, std::nullopt, "counting"}; }
  ReadResult read(AudioBlock& block, int64_t max_frames) override {
    const int64_t n = std::min<int64_t>({max_frames, 7, total_ - next_});
    if (n <= 0) return ReadResult::End;
    block.format = SampleFormat::S32;
    block.channels = 1;
    block.data.resize(static_cast<size_t>(n) * 4);
    for (int64_t i = 0; i < n; ++i) {
      const auto v = static_cast<int32_t>(next_ + i);
      std::memcpy(block.data.data() + i * 4, &v, 4);
    }
    next_ += n;
    return ReadResult::Frame;
  }
  bool can_wait() const override { return can_wait_; }

 private:
  int64_t total_;
  bool can_wait_;
  int64_t next_ = 0;
};

std::vector<int32_t> read_all(AudioSource& track) {
  std::vector<int32_t> out;
  AudioBlock block;
  while (track.read(block, 5) == ReadResult::Frame) {
    const size_t at = out.size();
    out.resize(at + static_cast<size_t>(block.frames()));
    std::memcpy(out.data() + at, block.data.data(), block.data.size());
  }
  return out;
}

std::vector<int32_t> range(int32_t from, int32_t to) {
  std::vector<int32_t> out;
  for (int32_t v = from; v < to; ++v) out.push_back(v);
  return out;
}

}  // namespace

TEST_CASE("the audio gate keeps the sound of recorded frames, take by take", "[audio_gate]") {
  const bool can_wait = GENERATE(true, false);
  // 10 frames a second of 1000 Hz sound: frame i goes with samples 100 i to 100 i + 99.
  AudioGate gate(std::make_unique<CountingSource>(5000, can_wait), {10, 1});
  auto first = gate.track();
  for (int64_t i = 0; i < 6; ++i) gate.frame_decided(i, i != 2 && i != 3);  // 2 and 3 paused
  gate.take_read();
  CHECK(read_all(*first) == [] {
    auto v = range(0, 200);
    const auto tail = range(400, 600);
    v.insert(v.end(), tail.begin(), tail.end());
    return v;
  }());
  for (int64_t i = 6; i < 9; ++i) gate.frame_decided(i, false);  // between the takes
  auto second = gate.track();
  for (int64_t i = 9; i < 12; ++i) gate.frame_decided(i, true);
  gate.take_read();
  CHECK(read_all(*second) == range(900, 1200));
}

TEST_CASE("a take's track ends with the input when the sound is shorter than the pictures", "[audio_gate]") {
  AudioGate gate(std::make_unique<CountingSource>(250, false), {10, 1});
  auto track = gate.track();
  for (int64_t i = 0; i < 5; ++i) gate.frame_decided(i, true);
  CHECK(read_all(*track) == range(0, 250));
}
