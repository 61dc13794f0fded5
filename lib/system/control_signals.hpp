#pragma once
// SIGUSR1 and SIGUSR2 as recording controls: the handlers only count; the recorder reads the counts.

#include <cstdint>

namespace frameout {

//! Installs the handlers: SIGUSR1 toggles pause, SIGUSR2 adds a frame.
void install_control_signals();
//! SIGUSR1 deliveries so far.
int64_t pause_toggle_signals();
//! SIGUSR2 deliveries so far.
int64_t add_frame_signals();

}  // namespace frameout
