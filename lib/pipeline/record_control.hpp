#pragma once
// The page's Record, Pause and Add Frame while a movie or sequence records: commands from the --control
// channel and from SIGUSR1 (pause on/off) and SIGUSR2 (add a frame), applied to each frame the source gives.
// Record off ends the take (the file is finished); record on starts the next one. A stop-frame movie records
// only the frames added. `set NAME VALUE` changes a parameter from the next take on, when the app allows it.

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "media/counters.hpp"

namespace frameout {

//! Follows the reader's decisions, frame by frame (a sound track cut the same way as the pictures).
class FrameDecisionObserver {
 public:
  virtual ~FrameDecisionObserver() = default;
  //! Input frame `index` was recorded in the current take (`recorded`) or left out; each frame once, in order.
  virtual void frame_decided(int64_t index, bool recorded) = 0;
  //! The reader has read the current take's last frame: the frames decided from now on belong to the next one.
  virtual void take_read() = 0;
};

//! Recording state shared by the control channel (any thread) and the frame reader.
class RecordControl {
 public:
  //! What happens to a frame the source gave.
  enum class Decision { Record, Leave, EndTake };

  //! The state at start (--record, --pause); `stop_frame`: only added frames are recorded.
  RecordControl(bool record, bool pause, bool stop_frame, Counters& counters);

  //! Says whether `set NAME VALUE` may change a parameter for the next take: returns if so, throws Error(Usage)
  //! naming the parameter if not.
  using SettingCheck = std::function<void(const std::string& name, const std::string& value)>;

  //! Applies one command line ("record on", "pause off", "addframe", "stop", "set NAME VALUE"); throws
  //! Error(Usage) naming the line for anything else. `origin` says where it came from, for the log.
  void apply(const std::string& line, const std::string& origin);
  //! Accepts `set NAME VALUE` for what `check` allows (without it every setting is refused); called from the
  //! control channel's thread only.
  void accept_settings(SettingCheck check);
  //! The settings accepted since the last call, in order: the next take's changes.
  std::vector<std::pair<std::string, std::string>> take_settings();
  //! For the reader: whether input frame `index` is recorded, left out (paused, not recording) or ends the
  //! take. Asked again about the same frame, it gives the same answer. The observer hears of it now; with
  //! `report` false (between takes) a frame to be recorded only when the take asks again: a take's first frame
  //! may still be left out before it records (Stall for File Open off), and a frame never reported is left out.
  Decision on_frame(int64_t index, bool report = true);
  //! Whether the last take ended because recording was switched off (a new one may follow).
  bool take_ended() const;
  //! For the reader: the current take has had all its frames (it ended, its input ended or its length was reached).
  void take_read();
  //! The control channel has ended: with recording off, nothing can switch it on again.
  void close();
  //! Tells `observer` (which must outlive this object) every decision and take end from now on.
  void observe(FrameDecisionObserver& observer);

 private:
  void take_signals();
  Decision decide();
  void set(const std::string& command, const std::string& origin);
  void apply_setting(const std::string& line, const std::string& origin);

  mutable std::mutex mutex_;
  Counters& counters_;
  bool record_;
  bool pause_;
  bool stop_frame_;
  bool stop_ = false;
  bool closed_ = false;
  bool take_open_ = false;  // a take is being recorded (the reader has seen recording on)
  bool take_ended_ = false;  // the reader ended a take on record off
  int64_t add_frames_ = 0;
  int64_t decided_index_ = -1;  // the frame decided last, and what for
  Decision decided_ = Decision::Leave;
  bool reported_ = false;  // the observer heard of the frame decided last
  int64_t pause_signals_seen_ = 0;
  int64_t add_signals_seen_ = 0;
  FrameDecisionObserver* observer_ = nullptr;
  SettingCheck check_setting_;
  std::vector<std::pair<std::string, std::string>> settings_;  // accepted, not yet taken
};

}  // namespace frameout
