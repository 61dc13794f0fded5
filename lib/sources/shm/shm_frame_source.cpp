#include "sources/shm/shm_frame_source.hpp"

#include <cstring>

#include <fmt/format.h>

#include "system/error.hpp"
#include "system/prefault.hpp"
#include "system/interrupt.hpp"

namespace frameout {

namespace {

// The stream the ring's header describes, at the producer's rate.
StreamInfo ring_stream(const fo_shm_header& h, const std::string& name, const std::string& param) {
  const std::string where = fmt::format("{} shm:{}", param, name);
  const std::string token(h.format, strnlen(h.format, sizeof h.format));
  const std::optional<PixelFormat> format = find_pixel_format(token);
  if (!format) throw Error(ExitCode::Input, fmt::format("{}: unknown pixel format \"{}\" in the ring", where, token));
  if (h.width == 0 || h.height == 0 || h.width > 65536 || h.height > 65536)
    throw Error(ExitCode::Input, fmt::format("{}: frame size {}x{} in the ring", where, h.width, h.height));
  const uint64_t row = format->frame_bytes(static_cast<int>(h.width), 1);
  if (h.row_bytes < row || static_cast<uint64_t>(h.row_bytes) * h.height > h.payload_bytes)
    throw Error(ExitCode::Input, fmt::format("{}: rows of {} bytes do not hold {} {} pixels, or the slots are too "
                                             "small for {} rows",
                                             where, h.row_bytes, h.width, token, h.height));
  return {static_cast<int>(h.width), static_cast<int>(h.height), *format, Rational{h.rate_num, h.rate_den},
          std::nullopt, "shm:" + name};
}

std::string stream_text(const StreamInfo& s) {
  return fmt::format("{}x{} {} at {}/{} fps", s.width, s.height, s.format.token, s.rate.num, s.rate.den);
}

}  // namespace

ShmFrameSource::ShmFrameSource(const std::string& name, const std::string& param, bool realtime,
                               std::optional<Rational> tick_rate, bool wait_for_restart,
                               std::optional<StreamInfo> declared)
    : name_(name), param_(param), wait_for_restart_(wait_for_restart), declared_(std::move(declared)),
      realtime_(realtime) {
  info_ = declared_ ? *declared_ : ring_stream(ring().header(), name_, param_);
  if (realtime) info_.rate = tick_rate.value_or(info_.rate);
  row_bytes_ = info_.format.frame_bytes(info_.width, 1);
}

ShmRing& ShmFrameSource::ring() {
  if (ring_) return *ring_;
  ring_.emplace(name_, param_, FO_SHM_VIDEO, realtime_ ? ShmRing::Mode::Latest : ShmRing::Mode::Lossless,
                wait_for_restart_);
  if (!declared_) return *ring_;
  const StreamInfo sent = ring_stream(ring_->header(), name_, param_);
  if (sent.width != declared_->width || sent.height != declared_->height ||
      sent.format.token != declared_->format.token || sent.rate != declared_->rate)
    throw Error(ExitCode::Input, fmt::format("{} shm:{}: the producer sends {}, not the {} that --input-size, "
                                             "--input-format and --input-rate describe",
                                             param_, name_, stream_text(sent), stream_text(*declared_)));
  return *ring_;
}

ReadResult ShmFrameSource::read(VideoFrame& frame) {
  if (interrupt_requested()) return ReadResult::End;
  return realtime_ ? read_on_tick(frame) : read_in_order(frame);
}

ReadResult ShmFrameSource::read_in_order(VideoFrame& frame) {
  if (!ring().next(slot_)) return ReadResult::End;
  unpack(slot_, frame);
  return ReadResult::Frame;
}

// Ticks are absolute (start + n / rate), so a late tick does not push the later ones back.
ReadResult ShmFrameSource::read_on_tick(VideoFrame& frame) {
  const Rational rate = info_.rate;
  if (!started_ || rephase_) {
    // The take starts with the first frame the producer publishes (or the newest one already there). After a
    // stall the ticks start again from a frame published from now on, so they are again half a frame after the
    // producer's: the one that came during the stall is passed over.
    if (rephase_ && ring().newest(slot_, skipped_)) ++skipped_;
    // The first frame still in the ring that was not passed over (a take from the producer's start begins with
    // its first frame, however late the recorder saw it); after a stall, the newest.
    while (!ring().newest(slot_, skipped_, rephase_ ? UINT64_MAX : 0))
      if (!ring().wait_for_publish(20'000'000)) return end_of_take();
    if (rephase_) clock_->resume_at(static_cast<double>(next_index_) * rate.den / rate.num);
    else if (clock_ == &system_clock_) system_clock_.start_at(slot_.timestamp_ns);  // from the producer's phase
    else clock_->start();
    started_ = true;
    rephase_ = false;
  } else {
    // Half a frame after the first frame's phase: a producer at the same rate publishes midway between two
    // ticks, so its jitter neither repeats a frame nor passes one over.
    // A stream that has ended still has the ticks of the frames published before its end.
    if (!clock_->wait_until(tick_seconds(next_index_, rate),
                            [this] { return ring().stream_over() && ring().untaken() == 0; }))
      return end_of_take();
    if (!take_on_tick()) {
      if (ring().stream_over()) return end_of_take();
      ++repeats_;  // nothing new since the last tick: the last frame again keeps time
    }
  }
  unpack(slot_, frame);
  return ReadResult::Frame;
}

// The frame of the tick that has come. On the system clock, the time the producer stamped each slot with
// decides, so that scheduling jitter neither repeats a frame nor passes one over: a recorder woken late takes
// the newest frame published by the tick's time, not one published after it (or, when every new one came later,
// the oldest of them), and when none is new yet, a late producer is waited for until the next tick's time, a
// frame and a half after its frame's phase. A sound track's clock shares no time with the producer: its tick
// takes the newest frame.
bool ShmFrameSource::take_on_tick() {
  if (clock_ != &system_clock_) return ring().newest(slot_, skipped_);
  const uint64_t due = system_clock_.steady_ns(tick_seconds(next_index_, info_.rate));
  const uint64_t wait_end = system_clock_.steady_ns(tick_seconds(next_index_ + 1, info_.rate));
  for (;;) {
    // The same choice while waiting: of two frames that came together after the tick, the first one.
    if (ring().newest(slot_, skipped_, due)) return true;
    const uint64_t now = fo_shm_now_ns();
    if (now >= wait_end || !ring().wait_for_publish(static_cast<long>(wait_end - now))) return false;
  }
}

void ShmFrameSource::resume_clock() { rephase_ = started_; }

bool ShmFrameSource::follow_clock(TickClock& clock) {
  if (!realtime_) return false;
  clock_ = &clock;
  return true;
}

// What the producer published after the last tick was passed over too.
ReadResult ShmFrameSource::end_of_take() {
  if (ring_) skipped_ += ring_->untaken();
  return ReadResult::End;
}

void ShmFrameSource::unpack(const ShmRing::Slot& slot, VideoFrame& frame) {
  const auto& h = ring().header();
  const size_t needed = static_cast<size_t>(h.row_bytes) * (info_.height - 1) + row_bytes_;
  if (slot.payload.size() < needed)
    throw Error(ExitCode::Input, fmt::format("{}: slot {} holds {} bytes; a {}x{} {} frame needs {}", info_.name,
                                             slot.index, slot.payload.size(), info_.width, info_.height,
                                             info_.format.token, needed));
  frame.width = info_.width;
  frame.height = info_.height;
  frame.format = info_.format;
  frame.view.reset();
  frame.layers.clear();
  resize_prefaulted(frame.data, row_bytes_ * info_.height);
  for (int y = 0; y < info_.height; ++y)
    std::memcpy(frame.data.data() + y * row_bytes_, slot.payload.data() + static_cast<size_t>(y) * h.row_bytes,
                row_bytes_);
  frame.index = next_index_++;
}

}  // namespace frameout
