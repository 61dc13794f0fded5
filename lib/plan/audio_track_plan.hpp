#pragma once
// The sound track of a movie (--audiochop): which encoder, at which bit rate, and whether the
// container can hold it.

#include <optional>
#include <string>

#include "job/job.hpp"
#include "media/audio_block.hpp"
#include "sinks/movie/movie_spec.hpp"

namespace frameout {

//! The track for `input` in `container` (mov, mp4, mkv); throws Error(Usage) naming --audiocodec and a container
//! that would work. The pipeline names the file in the encoder settings. Warns when --audiobitrate is given for a codec without a bit rate.
AudioTrackSpec plan_audio_track(const Job& job, const std::string& container, const AudioInfo& input);

}  // namespace frameout
