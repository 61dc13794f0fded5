#include "pipeline/audio_gate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "media/libav.hpp"
#include "system/interrupt.hpp"

namespace frameout {

namespace {

constexpr int kGateBlocksPerSecond = 20;
// A live input is read in small blocks: its samples are the clock of a realtime input, which should not jump.
constexpr int kLiveBlocksPerSecond = 200;

//! Moves the first `frames` sample frames of `from` into a block of their own.
AudioBlock split_front(AudioBlock& from, int64_t frames) {
  AudioBlock front;
  front.format = from.format;
  front.channels = from.channels;
  front.first_frame = from.first_frame;
  const auto bytes = static_cast<std::ptrdiff_t>(frames * from.channels * sample_bytes(from.format));
  front.data.assign(from.data.begin(), from.data.begin() + bytes);
  from.data.erase(from.data.begin(), from.data.begin() + bytes);
  from.first_frame += frames;
  return front;
}

}  // namespace

//! One take's sound track, read from the gate.
class AudioGate::Track : public AudioSource {
 public:
  Track(AudioGate& gate, int64_t take) : gate_(gate), take_(take) {}
  AudioInfo info() const override { return gate_.info_; }
  ReadResult read(AudioBlock& block, int64_t max_frames) override {
    const ReadResult result = gate_.read_take(take_, block, max_frames);
    block.first_frame = delivered_;
    delivered_ += block.frames();
    return result;
  }
  // The gate drains the input; this track may be read as slowly as the pictures are written.
  bool can_wait() const override { return true; }

 private:
  AudioGate& gate_;
  int64_t take_;
  int64_t delivered_ = 0;
};

AudioGate::AudioGate(std::unique_ptr<AudioSource> source, Rational video_rate)
    : source_(std::move(source)), info_(source_->info()), video_rate_(video_rate) {
  reader_ = std::jthread([this] { read_stage(); });
}

AudioGate::~AudioGate() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
}

int64_t AudioGate::frame_start(int64_t frame) const {
  return av_rescale(frame, int64_t{info_.rate} * video_rate_.den, video_rate_.num);
}

void AudioGate::frame_decided(int64_t index, bool recorded) {
  std::lock_guard lock(mutex_);
  if (index < next_frame_) return;
  const int64_t start = frame_start(index), end = frame_start(index + 1);
  // Frames the input passed over (none for ordinary inputs) leave their sound out.
  if (start > decided_end_) spans_.push_back({start, -1});
  const int64_t take = recorded ? take_ : -1;
  if (!spans_.empty() && spans_.back().take == take) spans_.back().end = end;
  else spans_.push_back({end, take});
  decided_end_ = end;
  next_frame_ = index + 1;
  sort_out();
  changed_.notify_all();
}

void AudioGate::take_read() {
  std::lock_guard lock(mutex_);
  ++take_;
  closed_end_ = decided_end_;
  changed_.notify_all();
}

std::unique_ptr<AudioSource> AudioGate::track() {
  std::lock_guard lock(mutex_);
  return std::make_unique<Track>(*this, take_);
}

// Callers hold the mutex.
void AudioGate::sort_out() {
  while (!held_.empty() && !spans_.empty()) {
    const Span span = spans_.front();
    AudioBlock& block = held_.front();
    const int64_t frames = std::min(block.frames(), span.end - sorted_end_);
    if (frames > 0) {
      const bool whole = frames == block.frames();
      AudioBlock part = whole ? std::move(block) : split_front(block, frames);
      if (whole) held_.pop_front();
      if (span.take >= 0) kept_.push_back({span.take, std::move(part)});
      sorted_end_ += frames;
    }
    if (sorted_end_ >= span.end) spans_.pop_front();
  }
}

void AudioGate::read_stage() {
  const int64_t block_frames = std::max(1, info_.rate / (live() ? kLiveBlocksPerSecond : kGateBlocksPerSecond));
  const int64_t lead = info_.rate;  // a source that can wait is read at most a second past the decisions
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (source_->can_wait()) changed_.wait(lock, [&] { return stopping_ || read_end_ < decided_end_ + lead; });
      if (stopping_) break;
    }
    AudioBlock block;
    try {
      if (source_->read(block, block_frames) == ReadResult::End) break;
    } catch (const Error& e) {
      std::lock_guard lock(mutex_);
      if (e.code() == ExitCode::Input) input_error_ = e;  // the track ends here; the takes are finished
      else failure_ = std::current_exception();
      break;
    } catch (...) {
      std::lock_guard lock(mutex_);
      failure_ = std::current_exception();
      break;
    }
    if (block.frames() == 0) continue;
    std::lock_guard lock(mutex_);
    block.first_frame = read_end_;
    read_end_ += block.frames();
    held_.push_back(std::move(block));
    sort_out();
    changed_.notify_all();
  }
  std::lock_guard lock(mutex_);
  input_over_ = true;
  changed_.notify_all();
}

bool AudioGate::wait_until(double seconds, const std::function<bool()>& give_up) {
  const auto due = static_cast<int64_t>(std::ceil(seconds * info_.rate));
  std::unique_lock lock(mutex_);
  while (read_end_ < due) {
    if (input_over_) return false;
    if (interrupt_requested() || give_up()) break;
    changed_.wait_for(lock, std::chrono::milliseconds(20));
  }
  return true;
}

ReadResult AudioGate::read_take(int64_t take, AudioBlock& block, int64_t max_frames) {
  std::unique_lock lock(mutex_);
  for (;;) {
    while (!kept_.empty() && kept_.front().take < take) kept_.pop_front();  // an earlier take's unread end
    if (!kept_.empty() && kept_.front().take == take) {
      AudioBlock& front = kept_.front().block;
      if (front.frames() <= max_frames) {
        block = std::move(front);
        kept_.pop_front();
      } else {
        block = split_front(front, max_frames);
      }
      return ReadResult::Frame;
    }
    if (failure_) std::rethrow_exception(failure_);
    // Over when the take's frames were all read and their sound sorted out (or no more sound can come).
    const bool input_done = input_over_ && held_.empty();
    if (input_done || (take_ > take && sorted_end_ >= closed_end_)) {
      if (input_done && input_error_) throw *input_error_;
      return ReadResult::End;
    }
    if (interrupt_requested()) return ReadResult::End;
    changed_.wait_for(lock, std::chrono::milliseconds(20));
  }
}

}  // namespace frameout
