#pragma once
// What the convert stage does to colour values: from the input's colour space to the output's, each light
// level measured against its space's reference white. Planning fills it; converters read it.

#include "media/colour_space.hpp"

namespace frameout {

//! A colour conversion between two of the page's spaces; the default converts nothing.
struct ColourConversion {
  const ColourSpace* from = nullptr;  //!< the input's space (--input-colorspace); nullptr: no conversion
  const ColourSpace* to = nullptr;    //!< the output's space (--outputcolorspace); nullptr: no conversion
  double from_white_nits = 100.0;     //!< reference white of the input's class: what its 1.0 means
  double to_white_nits = 100.0;       //!< reference white the output is measured against (outputreferencewhite)

  //! Whether pixel values change: not for passthrough on either side, nor for one space at one white.
  bool converts() const {
    if (from == nullptr || to == nullptr || is_passthrough(*from) || is_passthrough(*to)) return false;
    return from != to || from_white_nits != to_white_nits;
  }
};

}  // namespace frameout
