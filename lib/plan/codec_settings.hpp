#pragma once
// Reads the settings page of a job (quality, keyframeinterval, the H.264 page …) into typed encoder settings
// for the planned codec, and warns about every given setting the codec has no use for.

#include "formats/encoder_settings.hpp"
#include "job/job.hpp"
#include "sinks/movie/movie_spec.hpp"

namespace frameout {

//! libav encoder options for the plan's codec, type and pixel format (plan.codec, codec_type and format must
//! be set); throws Error(Usage) naming out-of-range or conflicting settings.
EncoderOptions encoder_options(const Job& job, const MovieSpec& plan);

}  // namespace frameout
