#pragma once
// Plans one `frameout audio` output.

#include "job/job.hpp"
#include "sinks/audio/audio_spec.hpp"

namespace frameout {

//! Resolves and checks an audio job for an input of `rate` and `channels`; throws Error naming the parameter.
AudioFileSpec plan_audio(const Job& job, int rate, int channels);

}  // namespace frameout
