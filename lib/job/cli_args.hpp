#pragma once
// Binds `frameout movie|audio` arguments to a Job through the registry: --name value, --name=value,
// bare toggles (--overwrite), and -v / -q.

#include <span>
#include <string>

#include "job/job.hpp"

namespace frameout {

//! A job read from the command line plus the options that steer the run, not the output.
struct CliJob {
  Job job;                //!< the validated parameters
  int verbosity = 0;      //!< +1 per -v, -1 per -q
  bool help = false;      //!< --help / -h was given
};

//! Parses the arguments after the command word; throws Error(Usage) naming the offending flag.
CliJob parse_job_args(params::Command command, std::span<const std::string> args);

}  // namespace frameout
