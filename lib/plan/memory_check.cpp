#include "plan/memory_check.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

void check_frames_fit_in_memory(int width, int height, int bytes_per_pixel, int64_t frames, int64_t writers) {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page_size = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return;  // unknown: nothing to hold the job against
  const double memory = static_cast<double>(pages) * static_cast<double>(page_size);
  const double needed = static_cast<double>(width) * height * bytes_per_pixel * static_cast<double>(frames);
  if (needed <= memory) return;
  constexpr double kGB = 1e9;
  throw Error(ExitCode::Usage,
              fmt::format("input size {}x{} at {} bytes a pixel needs about {:.1f} GB for the {} frames that {} writers "
                          "(--maxthread {}) hold at once, more than this machine's {:.1f} GB of memory; lower "
                          "--maxthread or scale the input down",
                          width, height, bytes_per_pixel, needed / kGB, frames, writers, writers, memory / kGB));
}

}  // namespace frameout
