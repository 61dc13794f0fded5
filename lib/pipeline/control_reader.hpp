#pragma once
// The --control channel: a thread that reads command lines from stdin, a FIFO (kept open across writers,
// so `echo "pause on" > ctl` works any number of times) or a regular file (followed as it grows), and hands
// each line to the RecordControl.

#include <atomic>
#include <string>
#include <thread>

#include "pipeline/record_control.hpp"

namespace frameout {

//! Reads control commands until destroyed (or, for stdin, until it ends).
class ControlReader {
 public:
  //! Opens `path` ("stdin" for standard input) and starts reading; throws Error(Input) naming --control when it
  //! cannot be opened.
  ControlReader(const std::string& path, RecordControl& control);
  ~ControlReader();
  ControlReader(const ControlReader&) = delete;
  ControlReader& operator=(const ControlReader&) = delete;

 private:
  void loop();

  RecordControl& control_;
  int fd_ = -1;
  bool follow_ = false;  // a regular file: wait for more at its end
  bool owns_fd_ = false;
  std::atomic<bool> quit_{false};
  std::thread thread_;
};

}  // namespace frameout
