#pragma once
// What a sink wants its frames to look like: libav pixel format, size and colour description.

extern "C" {
#include <libavutil/pixfmt.h>
}

#include "media/colour_conversion.hpp"

namespace frameout {

//! Colour description written into the stream and container, and used to pick the RGB→YUV matrix.
struct ColorTags {
  AVColorPrimaries primaries = AVCOL_PRI_BT709;                   //!< chromaticities
  AVColorTransferCharacteristic transfer = AVCOL_TRC_IEC61966_2_1;  //!< transfer function
  AVColorSpace matrix = AVCOL_SPC_BT709;                           //!< RGB→YUV matrix (AVCOL_SPC_RGB for RGB codecs)
  AVColorRange range = AVCOL_RANGE_MPEG;                           //!< limited (MPEG) or full (JPEG) range
};

//! The frame layout a sink asks the converter for.
struct OutputFormat {
  AVPixelFormat pixel_format = AV_PIX_FMT_NONE;  //!< libav pixel format the encoder takes
  int width = 0;                                 //!< pixels
  int height = 0;                                //!< pixels
  ColorTags colour;                              //!< matrix, range and tags
  ColourConversion conversion;                   //!< colour values converted on the way (none by default)
};

}  // namespace frameout
