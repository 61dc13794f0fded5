#pragma once
// Live progress on stderr: a bar on a terminal, JSON lines, or plain "Progress: NN%" lines.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "media/counters.hpp"

namespace frameout {

//! How progress is shown.
enum class ProgressMode { Bar, Json, Plain, None };

//! The mode for a --progress token (auto: a bar when stderr is a terminal, otherwise nothing).
ProgressMode progress_mode(const std::string& token);

//! What changed since the previous snapshot (the Info channels' "last_…" values).
struct CounterDeltas {
  int64_t units = 0;          //!< frames (or samples of an audio-only run)
  int64_t audio_samples = 0;  //!< a movie's sound-track samples
};

//! The control commands as JSON objects (command, origin, frame, elapsed_seconds).
nlohmann::json control_json(const std::vector<ControlEvent>& events);

//! One snapshot of the counters as the Info channels, for JSON progress lines and the report.
std::string counters_json(const Counters& counters, const CounterDeltas& last, std::optional<int64_t> total);

//! Prints progress from its own thread until stopped.
class ProgressReporter {
 public:
  //! A reporter for one output; `total_frames` is the expected frame count when known.
  ProgressReporter(ProgressMode mode, const Counters& counters, std::optional<int64_t> total_frames,
                   std::string output_name);
  ~ProgressReporter();
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  //! Starts the reporting thread.
  void start();
  //! Stops it and prints the final state (`completed` marks a clean finish).
  void stop(bool completed);

 private:
  void loop();
  void print(bool final_line);

  ProgressMode mode_;
  const Counters& counters_;
  std::optional<int64_t> total_;
  std::string output_name_;
  int64_t written_at_last_tick_ = 0;
  int64_t audio_at_last_tick_ = 0;
  int last_percent_ = -1;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace frameout
