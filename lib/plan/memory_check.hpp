#pragma once
// Whether the frames a run holds at once fit in this machine's memory: a job that cannot fit is refused while
// planning instead of being killed by the kernel after files were opened.

#include <cstdint>

namespace frameout {

//! Throws Error(Usage) naming the size and --maxthread when `frames` frames of `width` x `height` at
//! `bytes_per_pixel` need more than the machine's physical memory.
void check_frames_fit_in_memory(int width, int height, int bytes_per_pixel, int64_t frames, int64_t writers);

}  // namespace frameout
