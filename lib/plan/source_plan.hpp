#pragma once
// The inputs of a job: what --input, --audiochop and the EXR additional inputs name, and how to read them.

#include <string>

#include "job/job.hpp"
#include "media/rational.hpp"
#include "media/stream_info.hpp"
#include "sources/source_spec.hpp"

namespace frameout {

//! Whether --input is taken live, on a clock (--realtime on, or auto with a shm: or gst-shm: input).
bool live_input(const Job& job);

//! The video --input; throws Error(Usage) naming the parameter that is missing or wrong.
VideoSourceSpec plan_video_source(const Job& job);

//! Says at info level which rate an image sequence is read at when --input-rate was not given: the rate its
//! files store, or 24.
void note_input_rate(const VideoSourceSpec& spec, const StreamInfo& info);

//! An EXR additional input named by `param` (input1top …), read at the main input's `rate`; sequences follow
//! --frames and --missing-frames so render passes line up. Throws Error(Usage) naming `param`.
VideoSourceSpec plan_layer_source(const Job& job, const std::string& input, const std::string& param, Rational rate);

//! The PCM input named by the parameter `param` ("input" for `frameout audio`, "audiochop" for a movie's track).
AudioSourceSpec plan_audio_source(const Job& job, const std::string& param);

}  // namespace frameout
