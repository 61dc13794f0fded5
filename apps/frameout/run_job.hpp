#pragma once
// Runs one job: plans its inputs, opens them, plans the output against what they deliver, then hands both
// to the pipeline its type needs.

#include "job/job.hpp"
#include "media/counters.hpp"
#include "pipeline/run_outcome.hpp"

namespace frameout {

//! A movie (--type movie), stills and sequences (--type image / imagesequence) or an audio file.
RunOutcome run_job(const Job& job, Counters& counters);

}  // namespace frameout
