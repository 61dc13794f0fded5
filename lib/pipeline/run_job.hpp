#pragma once
// Runs one job with the pipeline its type needs.

#include "job/job.hpp"
#include "pipeline/counters.hpp"
#include "pipeline/movie_pipeline.hpp"

namespace frameout {

//! Movie (--type movie) or stills and sequences (--type image / imagesequence).
RunOutcome run_job(const Job& job, Counters& counters);

}  // namespace frameout
