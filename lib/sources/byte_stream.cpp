#include "sources/byte_stream.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "system/error.hpp"
#include "system/interrupt.hpp"
#include "system/mapping_guard.hpp"

namespace frameout {

namespace {

// Big pipe buffers let a producer hand over a large block per write and let us take it in one read;
// 1 MiB is the unprivileged maximum on Linux.
constexpr int kPipeBufferBytes = 1 << 20;

}  // namespace

ByteStream::ByteStream(const std::string& path, const std::string& flag)
    : name_(path == "-" ? "stdin" : path), flag_(flag), described_(fmt::format("input \"{}\" ({})", name_, flag)) {
  if (path == "-") {
    fd_ = STDIN_FILENO;
  } else {
    // O_NONBLOCK keeps opening a FIFO from waiting for its writer; reads then go through poll().
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd_ < 0)
      throw Error(ExitCode::Input, fmt::format("cannot open input \"{}\" ({}): {}", path, flag, std::strerror(errno)));
    owns_fd_ = true;
  }
  struct stat st {};
  if (fstat(fd_, &st) == 0) {
    regular_file_ = S_ISREG(st.st_mode);
    awaiting_writer_ = S_ISFIFO(st.st_mode) && path != "-";
    if (S_ISREG(st.st_mode)) file_size_ = static_cast<int64_t>(st.st_size);
    if (S_ISFIFO(st.st_mode)) fcntl(fd_, F_SETPIPE_SZ, kPipeBufferBytes);
    if (S_ISDIR(st.st_mode)) throw Error(ExitCode::Input, fmt::format("input \"{}\" ({}) is a directory", path, flag));
  }
}

ByteStream::~ByteStream() {
  if (owns_fd_) ::close(fd_);
}

std::shared_ptr<const uint8_t> ByteStream::map_next(size_t size) {
  if (!regular_file_ || size == 0) return nullptr;
  const off_t position = ::lseek(fd_, 0, SEEK_CUR);
  // Only bytes the file holds now: touching a mapping past the end of a file faults (SIGBUS).
  struct stat st {};
  if (position < 0 || ::fstat(fd_, &st) != 0 || static_cast<int64_t>(position) + static_cast<int64_t>(size) > st.st_size)
    return nullptr;
  static const auto page = static_cast<off_t>(::sysconf(_SC_PAGESIZE));
  const off_t start = position / page * page;  // mappings begin on a page
  const size_t length = size + static_cast<size_t>(position - start);
  // MAP_POPULATE maps every page now, in one call, instead of one fault per page later.
  void* base = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd_, start);
  if (base == MAP_FAILED) return nullptr;
  // The file may still shrink while the frame is in flight: the guard turns that fault into an input error.
  const int slot = guard_mapping(base, length, described_);
  if (slot < 0 || ::lseek(fd_, static_cast<off_t>(size), SEEK_CUR) < 0) {
    if (slot >= 0) unguard_mapping(slot);
    ::munmap(base, length);
    return nullptr;
  }
  const std::shared_ptr<void> mapping(base, [length, slot](void* p) {
    unguard_mapping(slot);
    ::munmap(p, length);
  });
  return {mapping, static_cast<const uint8_t*>(base) + (position - start)};
}

size_t ByteStream::read_fully(uint8_t* dst, size_t size) {
  size_t done = 0;
  while (done < size) {
    if (interrupt_requested()) return done;
    if (!regular_file_) {
      // Wait in short slices so a stop request is noticed even while the producer is silent.
      pollfd p{fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, 100);
      if (ready <= 0) continue;
      if (awaiting_writer_ && !(p.revents & POLLIN)) {
        if (p.revents & POLLHUP) return done;  // a writer came and left without data
        continue;
      }
    }
    const ssize_t n = ::read(fd_, dst + done, size - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
      awaiting_writer_ = false;
      continue;
    }
    if (n == 0) {
      // A FIFO nobody has opened for writing yet reads as empty; only after a writer came is it the end.
      if (awaiting_writer_) continue;
      return done;
    }
    if (errno == EINTR || errno == EAGAIN) continue;
    throw Error(ExitCode::Input, fmt::format("reading input \"{}\" ({}) failed: {}", name_, flag_, std::strerror(errno)));
  }
  return done;
}

}  // namespace frameout
