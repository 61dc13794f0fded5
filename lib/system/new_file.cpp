#include "system/new_file.hpp"

#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <random>
#include <unistd.h>

#include <fmt/format.h>

namespace frameout {

int create_new_file(const std::filesystem::path& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  } while (fd < 0 && errno == EINTR);
  return fd >= 0 ? fd : -errno;
}

int write_all(int fd, const void* data, size_t size) {
  const auto* p = static_cast<const uint8_t*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return ENOSPC;  // a regular file only writes nothing when it cannot grow
    p += n;
    size -= static_cast<size_t>(n);
  }
  return 0;
}

std::string unpredictable_suffix() {
  // libstdc++'s random_device reads the kernel's generator (getrandom or /dev/urandom), never a seeded PRNG.
  std::random_device kernel;
  const uint64_t value = (uint64_t{kernel()} << 32) | kernel();
  return fmt::format("{:016x}", value);
}

}  // namespace frameout
