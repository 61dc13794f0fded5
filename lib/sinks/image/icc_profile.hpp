#pragma once
// ICC profiles for TIFF and JPEG, built with lcms2 from a colour-space descriptor: the primaries and white
// point as a matrix, the transfer as an exact parametric curve. PQ, HLG and ACESproxy have no such curve in ICC
// v4, and passthrough describes nothing: those get no profile.

#include <cstdint>
#include <vector>

#include "media/colour_space.hpp"

namespace frameout {

//! The pixels a profile describes.
enum class IccChannels {
  Rgb,   //!< red, green, blue
  Grey,  //!< one neutral channel (the space's white point and transfer)
};

//! An ICC v4 display profile for pixels in `space`, the same bytes on every call (fixed date, no profile id);
//! empty when the space has none.
std::vector<uint8_t> icc_profile(const ColourSpace& space, IccChannels channels);

}  // namespace frameout
