#include "plan/colour_conversion_plan.hpp"

#include <cmath>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "system/error.hpp"

namespace frameout {

namespace {

double reference_white(const Job& job, std::string_view flag) {
  const double nits = job.real(flag);
  if (!std::isfinite(nits) || nits <= 0.0)
    throw Error(ExitCode::Usage, fmt::format("--{} {}: reference white must be a positive number of nits", flag,
                                             job.text(flag)));
  return nits;
}

}  // namespace

const ColourSpace& default_input_colour_space(const PixelFormat& source_format) {
  const bool float_samples = source_format.sample == SampleType::F16 || source_format.sample == SampleType::F32 ||
                             source_format.sample == SampleType::Packed11_11_10F;
  return colour_space(float_samples ? "srgblinear" : "srgb", "input-colorspace");
}

ColourConversion plan_colour(const Job& job, const PixelFormat& source_format, bool image_output) {
  const std::string input_token = job.text("input-colorspace");
  const ColourSpace& from =
      input_token == "auto" ? default_input_colour_space(source_format) : colour_space(input_token, "input-colorspace");
  const bool keep_input_space = image_output && !job.given("outputcolorspace");
  const ColourSpace& to = keep_input_space ? from : colour_space(job.text("outputcolorspace"), "outputcolorspace");
  const double sdr = reference_white(job, "sdr-reference-white"), hdr = reference_white(job, "hdr-reference-white");
  auto white = [&](WhiteClass c) { return c == WhiteClass::Sdr ? sdr : hdr; };

  ColourConversion conversion{&from, &to, white(from.white_class), white(from.white_class)};
  if (!keep_input_space) {
    const std::string treat_as = job.text("outputreferencewhite");
    const WhiteClass out_class = treat_as == "sdr"   ? WhiteClass::Sdr
                                 : treat_as == "hdr" ? WhiteClass::Hdr
                                                     : to.white_class;
    conversion.to_white_nits = white(out_class);
  }
  spdlog::debug("colour: {} ({} nits) to {} ({} nits){}", from.token, conversion.from_white_nits, to.token,
                conversion.to_white_nits, conversion.converts() ? "" : ", values unchanged");
  return conversion;
}

}  // namespace frameout
