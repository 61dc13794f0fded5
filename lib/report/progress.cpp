#include "report/progress.hpp"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace frameout {

namespace {

std::chrono::milliseconds interval(ProgressMode mode) {
  // JSON and plain lines are for machines: at most one a second. The bar redraws faster for people.
  return mode == ProgressMode::Bar ? std::chrono::milliseconds(250) : std::chrono::milliseconds(1000);
}

}  // namespace

ProgressMode progress_mode(const std::string& token) {
  if (token == "bar") return ProgressMode::Bar;
  if (token == "json") return ProgressMode::Json;
  if (token == "plain") return ProgressMode::Plain;
  if (token == "none") return ProgressMode::None;
  return isatty(STDERR_FILENO) ? ProgressMode::Bar : ProgressMode::None;
}

nlohmann::json control_json(const std::vector<ControlEvent>& events) {
  nlohmann::json list = nlohmann::json::array();
  for (const ControlEvent& e : events)
    list.push_back({{"command", e.command}, {"origin", e.origin}, {"frame", e.frame}, {"elapsed_seconds", e.seconds}});
  return list;
}

std::string counters_json(const Counters& c, const CounterDeltas& last, std::optional<int64_t> total) {
  const double elapsed = c.elapsed_seconds();
  nlohmann::json j;
  if (c.counts_samples) {
    // The Audio File Out page's Info channel names.
    j = {{"total_samples_written", c.audio_samples_written.load()}, {"last_samples_written", last.units}};
  } else {
    const int64_t written = c.total_frames_written;
    j = {
        {"frames_read", c.frames_read.load()},
        {"total_frames_written", written},
        {"last_frames_written", last.units},
        {"total_frames_dropped", c.total_frames_dropped.load()},
        {"input_frames_skipped", c.input_frames_skipped.load()},
        {"active_records", c.active_records.load()},
        {"cur_seq_index", c.cur_seq_index.load()},
        {"encode_fps", elapsed > 0 ? written / elapsed : 0.0},
        {"colour_values_clipped", c.colour_values_clipped.load()},
    };
    if (c.audio_rate > 0) {
      // The Movie File Out page counts the sound track in samples and in frames of the movie's rate.
      const int64_t samples = c.audio_samples_written;
      auto in_frames = [&](int64_t n) { return static_cast<double>(n) * c.video_rate.value() / c.audio_rate; };
      j["total_audio_samples_written"] = samples;
      j["last_audio_samples_written"] = last.audio_samples;
      j["total_audio_frames_written"] = in_frames(samples);
      j["last_audio_frames_written"] = in_frames(last.audio_samples);
    }
  }
  j["bytes_written"] = c.bytes_written.load();
  j["elapsed_seconds"] = elapsed;
  j["total"] = total ? nlohmann::json(*total) : nlohmann::json(nullptr);
  return j.dump();
}

ProgressReporter::ProgressReporter(ProgressMode mode, const Counters& counters, std::optional<int64_t> total_frames,
                                   std::string output_name)
    : mode_(mode), counters_(counters), total_(total_frames), output_name_(std::move(output_name)) {}

ProgressReporter::~ProgressReporter() {
  if (thread_.joinable()) stop(false);
}

void ProgressReporter::start() {
  if (mode_ == ProgressMode::None) return;
  thread_ = std::thread([this] { loop(); });
}

void ProgressReporter::stop(bool completed) {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (completed || mode_ == ProgressMode::Bar) print(true);
}

void ProgressReporter::loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval(mode_), [&] { return stopping_; })) print(false);
}

void ProgressReporter::print(bool final_line) {
  const int64_t written = counters_.progress_units();
  const int64_t audio = counters_.audio_samples_written;
  const CounterDeltas last{written - written_at_last_tick_, audio - audio_at_last_tick_};
  written_at_last_tick_ = written;
  audio_at_last_tick_ = audio;
  const double elapsed = counters_.elapsed_seconds();
  const double fps = elapsed > 0 ? written / elapsed : 0.0;
  const std::string_view unit = counters_.counts_samples ? "samples" : "frames";
  const std::optional<int> percent =
      total_ && *total_ > 0 ? std::optional<int>(static_cast<int>(std::min<int64_t>(100, written * 100 / *total_)))
                            : std::nullopt;
  switch (mode_) {
    case ProgressMode::Json: {
      // Control commands are echoed on lines of their own, before the counters they led to.
      const auto events = counters_.control_events(counters_.control_echoed);
      for (const auto& event : control_json(events)) fmt::print(stderr, "{}\n", nlohmann::json{{"control", event}}.dump());
      counters_.control_echoed += events.size();
      fmt::print(stderr, "{}\n", counters_json(counters_, last, total_));
      break;
    }
    case ProgressMode::Plain:
      if (percent && *percent != last_percent_) fmt::print(stderr, "Progress: {}%\n", *percent);
      else if (!percent) fmt::print(stderr, "Progress: {} {}\n", written, unit);
      if (percent) last_percent_ = *percent;
      break;
    case ProgressMode::Bar: {
      constexpr int kWidth = 30;
      const int filled = percent ? *percent * kWidth / 100 : static_cast<int>(written % (kWidth + 1));
      fmt::print(stderr, "\r[{}{}] {} {} {} {:.1f}/s {:.1f} MB", std::string(filled, '#'),
                 std::string(kWidth - filled, ' '), percent ? fmt::format("{:3d}%", *percent) : std::string("    "),
                 written, unit, fps, counters_.bytes_written / 1e6);
      if (final_line) fmt::print(stderr, "\n");
      break;
    }
    case ProgressMode::None:
      break;
  }
  std::fflush(stderr);
}

}  // namespace frameout
