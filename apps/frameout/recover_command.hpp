#pragma once
// `frameout recover PART-FILE [--file OUT] [--overwrite]`: finishes a movie a killed recording left under
// its temporary name.

#include <string>
#include <vector>

namespace frameout {

//! Runs `frameout recover` with the arguments after the command word; returns the exit code.
int run_recover_command(const std::vector<std::string>& args, int verbosity);

}  // namespace frameout
