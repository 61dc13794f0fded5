#pragma once
// The sound track of a movie (--audiochop): which encoder, at which bit rate, and whether the
// container can hold it.

#include <optional>
#include <string>

#include "job/job.hpp"
#include "media/audio_block.hpp"
#include "sinks/audio/audio_encoder.hpp"

namespace frameout {

//! The resolved audio track of a movie.
struct AudioTrackPlan {
  std::string codec;                //!< audiocodec token
  AudioEncoderSettings encoder;     //!< ready to open
};

//! The track for `input` in `container` (mov, mp4, mkv); throws Error(Usage) naming --audiocodec and a container
//! that would work. Warns when --audiobitrate is given for a codec without a bit rate.
AudioTrackPlan plan_audio_track(const Job& job, const std::string& container, const AudioInfo& input,
                                const std::string& output_name);

}  // namespace frameout
