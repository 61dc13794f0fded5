#include "pipeline/audio_track_feed.hpp"

#include <chrono>
#include <limits>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "pipeline/stage_thread.hpp"
#include "system/interrupt.hpp"

namespace frameout {

namespace {

constexpr int kTrackBlocksPerSecond = 20;
constexpr size_t kTrackBlockSlots = 16;

}  // namespace

AudioTrackFeed::AudioTrackFeed(std::unique_ptr<AudioSource> source, const AudioEncoderSettings& settings,
                               Counters& counters, std::function<bool(AvPacketPtr)> deliver)
    : source_(std::move(source)),
      info_(source_->info()),
      encoder_(settings),
      counters_(counters),
      deliver_(std::move(deliver)),
      blocks_(kTrackBlockSlots) {}

void AudioTrackFeed::start(FailureLatch& failure, std::vector<std::jthread>& threads, std::function<void()> on_done) {
  threads.push_back(start_stage("fo-audio-read", failure, [this] { read_stage(); }));
  threads.push_back(start_stage("fo-audio-enc", failure, [this, on_done] {
    encode_stage();
    on_done();
  }));
}

void AudioTrackFeed::limit_samples(int64_t samples) {
  int64_t current = sample_limit_.load();
  while (samples < current && !sample_limit_.compare_exchange_weak(current, samples)) {
  }
}

void AudioTrackFeed::allow_until(double seconds) { allowed_seconds_ = seconds; }

void AudioTrackFeed::abort() {
  aborted_ = true;
  blocks_.abort();
}

void AudioTrackFeed::read_stage() {
  const int64_t block_frames = std::max(1, info_.rate / kTrackBlocksPerSecond);
  int64_t read = 0;
  while (!aborted_) {
    const int64_t limit = sample_limit_.load();
    if (read >= limit) break;
    // Generated sound and files keep pace with the video so memory stays bounded; pipes never wait.
    if (source_->can_wait() && static_cast<double>(read) / info_.rate > allowed_seconds_.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    AudioBlock block;
    try {
      if (source_->read(block, std::min(block_frames, limit - read)) == ReadResult::End) break;
    } catch (const Error& e) {
      if (e.code() != ExitCode::Input) throw;
      input_error_ = e;  // the track ends here; the movie is finished, then the error reported
      break;
    }
    const int64_t keep = std::min(block.frames(), sample_limit_.load() - read);
    if (keep < block.frames()) block.data.resize(static_cast<size_t>(keep) * block.channels * sample_bytes(block.format));
    read += keep;
    if (keep > 0 && !blocks_.push(std::move(block))) return;
  }
  if (interrupt_requested() && !aborted_) pad_to_limit(read, block_frames);
  blocks_.close();
}

// A stop ends every source at once, but the sound may lag the pictures already taken (it is read only a
// little ahead of the video that is muxed): silence fills the track to the picture's end, so both tracks end
// together, within one audio frame, on every stop.
void AudioTrackFeed::pad_to_limit(int64_t read, int64_t block_frames) {
  // The video reader sets the limit as soon as it has stopped too; a failure elsewhere aborts the wait.
  while (sample_limit_.load() == std::numeric_limits<int64_t>::max() && !aborted_)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int64_t limit = sample_limit_.load();
  if (aborted_ || read >= limit) return;
  spdlog::warn("{} s of silence end the sound track: its input stopped with the recording before reaching the "
               "last picture",
               fmt::format("{:.2f}", static_cast<double>(limit - read) / info_.rate));
  while (read < limit) {
    AudioBlock block;
    block.format = info_.format;
    block.channels = info_.channels;
    const int64_t frames = std::min(block_frames, limit - read);
    block.data.assign(static_cast<size_t>(frames) * info_.frame_bytes(), 0);  // zero is silence in every format
    block.first_frame = read;
    read += frames;
    if (!blocks_.push(std::move(block))) return;
  }
}

void AudioTrackFeed::encode_stage() {
  std::vector<AvPacketPtr> packets;
  auto hand_over = [&] {
    for (auto& p : packets)
      if (!deliver_(std::move(p))) return false;
    packets.clear();
    return true;
  };
  while (auto block = blocks_.pop()) {
    encoder_.encode(*block, packets);
    counters_.audio_samples_written += block->frames();
    if (!hand_over()) return;
  }
  if (aborted_) return;
  encoder_.flush(packets);
  hand_over();
}

}  // namespace frameout
