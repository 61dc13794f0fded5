#pragma once
// Stills and image sequences: source → pacer → a pool of up to `maxthread` writers, each converting,
// encoding and publishing whole files.

#include "job/job.hpp"
#include "pipeline/counters.hpp"
#include "pipeline/movie_pipeline.hpp"

namespace frameout {

//! Validates the job, then writes the still (--type image) or the sequence (--type imagesequence).
RunOutcome run_images(const Job& job, Counters& counters);

}  // namespace frameout
