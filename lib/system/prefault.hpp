#pragma once
// Fresh memory costs a page fault per 4 KiB page the first time it is touched, and on virtual machines each
// fault is dear: on this project's VM, readying an 8 MB frame takes about 24 ms through faults and 18 ms when
// the kernel maps its pages in one call first (most of the rest is the host backing the memory). A live
// recording, which keeps to small pages, readies its frame buffers this way.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace frameout {

//! Sizes `buffer` to `bytes` (zero-filled where it grows), asking the kernel to map the pages it needs in
//! one call first (Linux 5.14's MADV_POPULATE_WRITE; on older kernels the writes fault them in as usual).
void resize_prefaulted(std::vector<uint8_t>& buffer, size_t bytes);

}  // namespace frameout
