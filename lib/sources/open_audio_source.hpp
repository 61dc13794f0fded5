#pragma once
// Picks the PCM source for an audio SPEC (--input of `frameout audio`, --audiochop of movies).

#include <memory>
#include <string>

#include "job/job.hpp"
#include "sources/audio_source.hpp"

namespace frameout {

//! `tone`, `-` / a path with --audio-format (raw PCM), or a media file; `flag` names the parameter in messages.
std::unique_ptr<AudioSource> open_audio_source(const Job& job, const std::string& spec, const std::string& flag);

}  // namespace frameout
