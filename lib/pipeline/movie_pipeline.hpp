#pragma once
// The movie pipeline: source → pacer → convert → encode → mux, one named thread per stage, linked by
// bounded queues that carry end-of-stream. The only place these stages are connected.

#include <filesystem>
#include <vector>

#include "job/job.hpp"
#include "pipeline/counters.hpp"
#include "pipeline/run_outcome.hpp"

namespace frameout {

//! Validates the job, then records the movie; throws Error on failure after removing any partial file.
//! An input that breaks off (truncated frame) still finishes the file with the complete frames and is
//! returned as the outcome's input error.
RunOutcome run_movie(const Job& job, Counters& counters);

}  // namespace frameout
