#pragma once
// SIGINT / SIGTERM handling: the signal only records a request; sources poll it and end their stream,
// so the pipeline can flush and finish every output before the process exits 130 / 143.

namespace frameout {

//! Installs the SIGINT / SIGTERM handlers and unblocks both (and ignores SIGPIPE so broken pipes become I/O
//! errors); runs before any library constructor (apps/frameout/early_signals.cpp).
void install_interrupt_handlers();
//! The signal number that asked to stop (SIGINT or SIGTERM), or 0.
int interrupt_signal();
//! Whether a stop was requested.
inline bool interrupt_requested() { return interrupt_signal() != 0; }

}  // namespace frameout
