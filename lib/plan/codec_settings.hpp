#pragma once
// Maps the reference parameters (quality, keyframeinterval, the H.264 settings page, ...) to libav
// encoder options for the planned codec. The README's quality table describes the same mapping.

#include <string>
#include <utility>
#include <vector>

#include "job/job.hpp"

namespace frameout {

struct MovieSpec;

//! libav encoder options (name, value) for the plan's codec; throws Error(Usage) on conflicting settings and
//! warns about given parameters the codec has no use for.
std::vector<std::pair<std::string, std::string>> encoder_options(const Job& job, const MovieSpec& plan);

//! The x264 constant rate factor used for a quality value (0..1).
int h264_crf_for_quality(double quality);
//! The JPEG quantiser scale (1 best .. 31) used for a quality value (0..1).
int mjpeg_qscale_for_quality(double quality);

}  // namespace frameout
