#pragma once
// Plans the colour conversion: the input's space (--input-colorspace, or the rule for auto), the output's
// (--outputcolorspace), and the reference whites both are measured against.

#include "job/job.hpp"
#include "media/colour_conversion.hpp"
#include "media/pixel_format.hpp"

namespace frameout {

//! The colour space --input-colorspace auto stands for: srgblinear for float samples, srgb otherwise.
const ColourSpace& default_input_colour_space(const PixelFormat& source_format);

//! The conversion a job asks for from frames delivered as `source_format`. Image files (`image_output`)
//! stay in the input's space when --outputcolorspace is not given. Throws Error(Usage) naming the flag for a
//! reference white that is not a positive number.
ColourConversion plan_colour(const Job& job, const PixelFormat& source_format, bool image_output);

}  // namespace frameout
