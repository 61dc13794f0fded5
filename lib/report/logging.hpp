#pragma once
// Logging on stderr through spdlog; libav's own messages are routed to the debug level.

namespace frameout {

//! Sets up the stderr logger: verbosity 0 = info, -1 = warnings, -2 = errors only, 1 = debug, 2 = trace.
void setup_logging(int verbosity);

}  // namespace frameout
