#include "system/prefault.hpp"

#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; Debian 12's headers predate it
#endif

namespace frameout {

void prefault_pages(void* begin, size_t bytes) {
  // madvise works on whole pages: the pages wholly inside the range.
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto first = (reinterpret_cast<uintptr_t>(begin) + page - 1) & ~(page - 1);
  const auto end = (reinterpret_cast<uintptr_t>(begin) + bytes) & ~(page - 1);
  if (end > first) madvise(reinterpret_cast<void*>(first), end - first, MADV_POPULATE_WRITE);
}

void resize_prefaulted(std::vector<uint8_t>& buffer, size_t bytes) {
  if (bytes > buffer.capacity()) {
    buffer.reserve(bytes);
    prefault_pages(buffer.data(), bytes);
  }
  buffer.resize(bytes);
}

}  // namespace frameout
