#include "plan/output_timing.hpp"

#include <cmath>

#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

Rational resolve_output_rate(const Job& job, const Rational& input_rate) {
  const std::string text = job.text("fps");
  if (text == "input") return input_rate;
  const auto rate = parse_rate(text);
  if (!rate) throw Error(ExitCode::Usage, fmt::format("--fps {}: not a frame rate (use 30, 29.97 or 30000/1001)", text));
  return *rate;
}

std::optional<int64_t> resolve_frame_limit(const Job& job, const Rational& fps, const Rational& input_rate) {
  if (!job.toggle("limitlength")) return std::nullopt;
  const double length = job.real("length");
  const std::string unit = job.text("lengthunit");
  double frames = length;  // indices: output frames
  if (unit == "seconds") frames = length * fps.value();
  else if (unit == "frames") frames = length / input_rate.value() * fps.value();
  // Converting a count past int64 is undefined; 2^62 frames outlast any recording.
  if (!(frames < 0x1p62))
    throw Error(ExitCode::Usage, fmt::format("--length {} {} is more frames than frameout can count (with --limitlength "
                                             "on)", job.text("length"), unit));
  const auto count = static_cast<int64_t>(std::llround(frames));
  if (!(length > 0) || count < 1)
    throw Error(ExitCode::Usage, fmt::format("--length {} {} is shorter than one frame (with --limitlength on)",
                                             job.text("length"), unit));
  return count;
}

}  // namespace frameout
