#pragma once
// `frameout audio`: PCM source → sample conversion → one audio file writer, in two threads linked by a
// bounded queue.

#include "job/job.hpp"
#include "pipeline/counters.hpp"
#include "pipeline/movie_pipeline.hpp"

namespace frameout {

//! Validates the job, then records the audio file; throws Error after removing any partial file.
RunOutcome run_audio(const Job& job, Counters& counters);

}  // namespace frameout
