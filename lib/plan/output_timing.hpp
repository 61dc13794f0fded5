#pragma once
// Output rate (fps) and length limit (limitlength / length / lengthunit), shared by movies and sequences.

#include <cstdint>
#include <optional>

#include "job/job.hpp"
#include "media/rational.hpp"

namespace frameout {

//! --fps: `input` keeps the input rate; throws Error(Usage) for a bad rate.
Rational resolve_output_rate(const Job& job, const Rational& input_rate);

//! Output frames to stop at when limitlength is on: seconds at the output rate, frames are input frames
//! (retimed to the output rate), indices are output frames. Throws Error(Usage) for lengths under a frame.
std::optional<int64_t> resolve_frame_limit(const Job& job, const Rational& fps, const Rational& input_rate);

}  // namespace frameout
