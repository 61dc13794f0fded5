#pragma once
// The Info-channel counters of a run. The pipeline owns and updates them; progress and report read them.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "media/rational.hpp"

namespace frameout {

//! A recording control command as it was applied.
struct ControlEvent {
  std::string command;  //!< e.g. "pause on", as normalised
  std::string origin;   //!< "control" (--control), "signal" (SIGUSR1/2) or "start" (a flag)
  int64_t frame = 0;    //!< input frames read when it took effect
  double seconds = 0;   //!< since the run started
};

//! Live counters, updated by pipeline threads and read by the progress reporter.
struct Counters {
  std::atomic<int64_t> frames_read{0};            //!< input frames taken from the source
  std::atomic<int64_t> total_frames_written{0};   //!< frames handed to the file (Info: total_frames_written)
  std::atomic<int64_t> total_frames_dropped{0};   //!< output frames that repeat an earlier image to keep time
  //! input frames left out because the output rate is lower, or that a live producer published between two ticks
  std::atomic<int64_t> input_frames_skipped{0};
  std::atomic<int64_t> bytes_written{0};          //!< bytes in the output file(s) so far
  std::atomic<int64_t> active_records{0};         //!< image files being encoded and written right now
  std::atomic<int64_t> cur_seq_index{0};          //!< number of the sequence file started last
  std::atomic<int64_t> audio_samples_written{0};  //!< sample frames (per channel) written
  std::atomic<int64_t> colour_values_clipped{0};  //!< colour values outside 0..1 clipped by the colour conversion
  bool counts_samples = false;                    //!< an audio-only run: progress follows samples, not frames
  int audio_rate = 0;                             //!< a movie's sound track rate (0: no track); set before starting
  Rational video_rate{30, 1};                     //!< a movie's frame rate, to give audio in frame units

  //! The counter progress follows: audio sample frames for audio runs, else video frames.
  int64_t progress_units() const { return counts_samples ? audio_samples_written.load() : total_frames_written.load(); }
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();  //!< run start

  //! Records an applied control command.
  void log_control(std::string command, std::string origin) {
    std::lock_guard lock(control_mutex_);
    control_events_.push_back({std::move(command), std::move(origin), frames_read.load(), elapsed_seconds()});
  }
  //! The control commands applied from the `from`-th on.
  std::vector<ControlEvent> control_events(size_t from = 0) const {
    std::lock_guard lock(control_mutex_);
    return {control_events_.begin() + static_cast<std::ptrdiff_t>(std::min(from, control_events_.size())),
            control_events_.end()};
  }

  //! Seconds since the run started.
  double elapsed_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  mutable std::atomic<size_t> control_echoed{0};  //!< control commands progress lines have shown so far

 private:
  mutable std::mutex control_mutex_;
  std::vector<ControlEvent> control_events_;
};

}  // namespace frameout
