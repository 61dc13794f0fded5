#pragma once
// Transparent huge pages for this process. The launcher asks glibc to back large blocks with them (batch jobs
// fault frames in 2 MiB at a time, far cheaper than 4 KiB pages); a live recording turns them off, because
// a huge-page fault may wait for the kernel to compact memory, and a thread held for milliseconds misses a tick.

namespace frameout {

//! Turns transparent huge pages off for this process from now on (live inputs and producers).
void keep_to_small_pages();

}  // namespace frameout
