#pragma once
// Fresh memory costs a page fault per 4 KiB page the first time it is touched, and on virtual machines each
// fault is dear: on this project's VM, readying an 8 MB frame takes about 24 ms through faults and 18 ms when
// the kernel maps its pages in one call first (most of the rest is the host backing the memory). A live
// recording, which keeps to small pages, readies its frame buffers and its producer's ring this way.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace frameout {

//! Asks the kernel to map the pages wholly inside [begin, begin + bytes) for writing now, in one call (Linux
//! 5.14's MADV_POPULATE_WRITE; on older kernels the first writes fault them in as usual).
void prefault_pages(void* begin, size_t bytes);

//! Sizes `buffer` to `bytes` (zero-filled where it grows), its new storage prefaulted first.
void resize_prefaulted(std::vector<uint8_t>& buffer, size_t bytes);

}  // namespace frameout
