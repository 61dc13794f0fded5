#pragma once
// `frameout audio`: PCM source → sample conversion → one audio file writer, in two threads linked by a
// bounded queue.

#include <memory>

#include "media/counters.hpp"
#include "pipeline/run_outcome.hpp"
#include "report/progress.hpp"
#include "sinks/audio/audio_spec.hpp"
#include "sources/audio_source.hpp"

namespace frameout {

//! Records the audio file `spec` describes from `input`; throws Error after removing any partial file.
RunOutcome run_audio(std::unique_ptr<AudioSource> input, const AudioFileSpec& spec, ProgressMode progress,
                     Counters& counters);

}  // namespace frameout
