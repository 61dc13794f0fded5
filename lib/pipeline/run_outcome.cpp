#include "pipeline/run_outcome.hpp"

#include <csignal>

#include <fmt/format.h>

#include "system/interrupt.hpp"

namespace frameout {

Error nothing_written(const std::optional<Error>& input_error, const std::string& unit, const std::string& input) {
  if (input_error) return *input_error;
  if (const int sig = interrupt_signal(); sig != 0)
    return Error(sig == SIGTERM ? ExitCode::Terminated : ExitCode::Interrupted,
                 fmt::format("stopped by {} before any {} arrived from \"{}\"; nothing was written",
                             sig == SIGTERM ? "SIGTERM" : "SIGINT", unit, input));
  return Error(ExitCode::Input, fmt::format("no {} were read from input \"{}\" (--input); nothing was written", unit, input));
}

}  // namespace frameout
