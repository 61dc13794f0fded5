#include "system/prefault.hpp"

#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; Debian 12's headers predate it
#endif

namespace frameout {

void resize_prefaulted(std::vector<uint8_t>& buffer, size_t bytes) {
  if (bytes > buffer.capacity()) {
    buffer.reserve(bytes);
    // madvise works on whole pages: the pages wholly inside the new storage.
    const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto begin = (reinterpret_cast<uintptr_t>(buffer.data()) + page - 1) & ~(page - 1);
    const auto end = (reinterpret_cast<uintptr_t>(buffer.data()) + bytes) & ~(page - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
  }
  buffer.resize(bytes);
}

}  // namespace frameout
