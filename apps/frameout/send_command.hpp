#pragma once
// `frameout send INPUT-FLAGS --to shm:NAME`: any frameout input, published into a shared-memory ring.

#include <string>
#include <vector>

namespace frameout {

//! Runs `frameout send` with the arguments after the command word; returns the exit code.
int run_send_command(const std::vector<std::string>& args, int verbosity);

}  // namespace frameout
