#pragma once
// The movie pipeline: source → pacer → convert → encode → mux, one named thread per stage, linked by
// bounded queues that carry end-of-stream. The only place these stages are connected.

#include <filesystem>
#include <vector>

#include "job/job.hpp"
#include "pipeline/counters.hpp"

namespace frameout {

//! What a finished run produced.
struct RunOutcome {
  std::vector<std::filesystem::path> outputs;  //!< final paths of the files written
};

//! Validates the job, then records the movie; throws Error on failure after removing any partial file.
//! An input that breaks off (truncated frame) still finishes the file with the complete frames, then throws.
RunOutcome run_movie(const Job& job, Counters& counters);

}  // namespace frameout
