#include "pipeline/control_reader.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "system/error.hpp"

namespace frameout {

ControlReader::ControlReader(const std::string& path, RecordControl& control) : control_(control) {
  if (path == "stdin" || path == "-") {
    fd_ = STDIN_FILENO;
  } else {
    struct stat st {};
    const bool fifo = stat(path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
    // A FIFO opened for writing too never reports its end when a writer closes it: each `echo > fifo` is one
    // more command, not the end of the channel.
    fd_ = open(path.c_str(), (fifo ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NONBLOCK);
    if (fd_ < 0)
      throw Error(ExitCode::Input, fmt::format("--control \"{}\": cannot open: {}", path, std::strerror(errno)));
    owns_fd_ = true;
    follow_ = S_ISREG(st.st_mode);
  }
  thread_ = std::thread([this] { loop(); });
}

ControlReader::~ControlReader() {
  quit_ = true;
  thread_.join();
  if (owns_fd_) close(fd_);
}

void ControlReader::loop() {
  std::string pending;
  char chunk[4096];
  while (!quit_) {
    pollfd ready{fd_, POLLIN, 0};
    if (poll(&ready, 1, 50) <= 0) continue;
    const ssize_t got = read(fd_, chunk, sizeof chunk);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (got <= 0) {
      if (follow_) {
        usleep(50'000);  // the end of a file that may still grow
        continue;
      }
      control_.close();
      return;
    }
    pending.append(chunk, static_cast<size_t>(got));
    for (size_t end; (end = pending.find('\n')) != std::string::npos; pending.erase(0, end + 1)) {
      try {
        control_.apply(pending.substr(0, end), "control");
      } catch (const Error& e) {
        spdlog::warn("--control: {}", e.what());  // a mistyped command must not end the recording
      }
    }
  }
}

}  // namespace frameout
