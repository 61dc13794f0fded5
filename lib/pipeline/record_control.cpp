#include "pipeline/record_control.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "system/control_signals.hpp"
#include "system/error.hpp"

namespace frameout {

namespace {

// Lower case, single spaces, no ends: "Pause  ON " reads as "pause on".
std::string normalise(const std::string& line) {
  std::string out;
  for (const char c : line) {
    if (c == ' ' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

RecordControl::RecordControl(bool record, bool pause, bool stop_frame, Counters& counters)
    : counters_(counters),
      record_(record),
      pause_(pause || stop_frame),
      stop_frame_(stop_frame),
      pause_signals_seen_(pause_toggle_signals()),
      add_signals_seen_(add_frame_signals()) {}

void RecordControl::apply(const std::string& line, const std::string& origin) {
  const std::string command = normalise(line);
  if (command.empty() || command.front() == '#') return;
  if (command.rfind("set ", 0) == 0) return apply_setting(line, origin);
  std::lock_guard lock(mutex_);
  set(command, origin);
}

// "set NAME VALUE": the name in any case, the value as written (a file name keeps its case).
void RecordControl::apply_setting(const std::string& line, const std::string& origin) {
  const auto token_end = [&](size_t from) { return std::min(line.find_first_of(" \t\r", from), line.size()); };
  const auto skip_blanks = [&](size_t from) { return std::min(line.find_first_not_of(" \t\r", from), line.size()); };
  const size_t name_start = skip_blanks(token_end(skip_blanks(0)));
  const std::string name = normalise(line.substr(name_start, token_end(name_start) - name_start));
  const size_t value_start = skip_blanks(token_end(name_start));
  const size_t value_end = line.find_last_not_of(" \t\r");
  const std::string value = value_start < line.size() ? line.substr(value_start, value_end + 1 - value_start) : "";
  if (value.empty()) throw Error(ExitCode::Usage, fmt::format("\"set {}\": give a value (set NAME VALUE)", name));
  if (name == "record" || name == "pause") {
    std::lock_guard lock(mutex_);
    return set(name + " " + normalise(value), origin);
  }
  if (!check_setting_)
    throw Error(ExitCode::Usage, fmt::format("set {}: no parameter of this output changes while it records", name));
  check_setting_(name, value);  // outside the lock: the reader must not wait for it
  std::lock_guard lock(mutex_);
  settings_.emplace_back(name, value);
  counters_.log_control(fmt::format("set {} {}", name, value), origin);
  spdlog::info("control ({}): set {} {} (from the next take on)", origin, name, value);
}

void RecordControl::accept_settings(SettingCheck check) { check_setting_ = std::move(check); }

std::vector<std::pair<std::string, std::string>> RecordControl::take_settings() {
  std::lock_guard lock(mutex_);
  return std::exchange(settings_, {});
}

// Callers hold the mutex.
void RecordControl::set(const std::string& command, const std::string& origin) {
  if (command == "record on") record_ = true;
  else if (command == "record off") record_ = false;
  else if (command == "pause on") pause_ = true;
  else if (command == "pause off" && stop_frame_)
    throw Error(ExitCode::Usage, "pause off: a stop-frame movie records only the frames added (addframe)");
  else if (command == "pause off") pause_ = false;
  else if (command == "addframe" && !pause_)
    throw Error(ExitCode::Usage, "addframe: Add Frame works while paused (send \"pause on\" first)");
  else if (command == "addframe") ++add_frames_;
  else if (command == "stop") stop_ = true;
  else
    throw Error(ExitCode::Usage, fmt::format("\"{}\": not a control command (record on|off, pause on|off, addframe, "
                                             "stop, set NAME VALUE)",
                                             command));
  counters_.log_control(command, origin);
  spdlog::info("control ({}): {}", origin, command);
}

// SIGUSR1 and SIGUSR2 arrive as counts: each new one is a command.
void RecordControl::take_signals() {
  for (const int64_t toggles = pause_toggle_signals(); pause_signals_seen_ < toggles; ++pause_signals_seen_) {
    if (stop_frame_) continue;  // a stop-frame movie stays paused
    set(pause_ ? "pause off" : "pause on", "signal");
  }
  for (const int64_t adds = add_frame_signals(); add_signals_seen_ < adds; ++add_signals_seen_) {
    if (pause_) set("addframe", "signal");
    else spdlog::warn("SIGUSR2 (add a frame) ignored: Add Frame works while paused");
  }
}

RecordControl::Decision RecordControl::on_frame(int64_t index, bool report) {
  std::lock_guard lock(mutex_);
  if (index != decided_index_) {
    take_signals();
    decided_index_ = index;
    decided_ = decide();
    reported_ = false;
  }
  if ((report || decided_ != Decision::Record) && !reported_ && observer_) {
    observer_->frame_decided(index, decided_ == Decision::Record);
    reported_ = true;
  }
  return decided_;
}

void RecordControl::take_read() {
  std::lock_guard lock(mutex_);
  if (observer_) observer_->take_read();
}

void RecordControl::observe(FrameDecisionObserver& observer) {
  std::lock_guard lock(mutex_);
  observer_ = &observer;
}

// Callers hold the mutex.
RecordControl::Decision RecordControl::decide() {
  if (stop_ || (closed_ && !record_)) return Decision::EndTake;
  if (!record_) {
    if (!take_open_) return Decision::Leave;
    take_open_ = false;
    take_ended_ = true;
    return Decision::EndTake;
  }
  take_open_ = true;
  take_ended_ = false;
  if (!pause_) return Decision::Record;
  if (add_frames_ == 0) return Decision::Leave;
  --add_frames_;
  return Decision::Record;
}

bool RecordControl::take_ended() const {
  std::lock_guard lock(mutex_);
  return take_ended_;
}

void RecordControl::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
}

}  // namespace frameout
