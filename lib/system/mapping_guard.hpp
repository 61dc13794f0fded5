#pragma once
// Input files are mapped, not copied (ByteStream::map_next). If another program shrinks a file while its frames
// are in flight, touching the vanished pages raises SIGBUS, which would kill frameout and leave a half-written
// output behind. The guard's SIGBUS handler puts a zero page where the vanished one was, so the thread carries
// on, and remembers that this thread read it; each stage checks before it passes a result on, so the run fails
// with an input error instead of writing pictures made of zeros.

#include <cstddef>
#include <string_view>

namespace frameout {

//! Installs the SIGBUS handler. A fault outside any guarded mapping still ends the process, as it would have.
void install_mapping_guard();

//! Guards [begin, begin + length), a mapping of the input `what` (`input "path" (--input)`, as messages name
//! it); returns a slot for unguard_mapping, or -1 when every slot is taken (the caller then reads instead).
int guard_mapping(const void* begin, size_t length, std::string_view what);

//! Stops guarding the mapping in `slot` (before it is unmapped).
void unguard_mapping(int slot);

//! Throws Error(Input) naming the input when this thread has read a page of a guarded mapping that vanished
//! since its last check.
void check_mapped_reads();

}  // namespace frameout
