#include "plan/endless_input.hpp"

#include <unistd.h>

#include <spdlog/spdlog.h>

namespace frameout {

namespace {

// Read only where the job would read it anyway, so asking does not hide an "unused parameter" warning.
bool sets_no_length(const Job& job) {
  if (job.command() == params::Command::Audio) return job.real("duration") <= 0;
  return job.text("type") != "image" && !job.toggle("limitlength");
}

}  // namespace

void note_endless_recording(const Job& job, bool endless_input) {
  if (!endless_input || !isatty(STDERR_FILENO) || !sets_no_length(job)) return;
  spdlog::info("{} never ends and no length is set: recording until interrupted (Ctrl-C finishes the file); {}",
               job.command() == params::Command::Audio ? "the tone" : "the test pattern",
               job.command() == params::Command::Audio ? "--duration S sets a length"
                                                       : "--limitlength on --length N sets one");
}

}  // namespace frameout
