#pragma once
// Direct RGBA → planar Y'CbCr conversion for the layouts the movie codecs take. It does in one pass what
// swscale does through its generic scaler, with the matrix and range given explicitly.

#include <cstdint>

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixfmt.h>
}

namespace frameout {

//! Whether rgba_to_yuv() handles this destination pixel format.
bool rgba_to_yuv_supported(AVPixelFormat format);

//! Converts packed RGBA (8-bit when `source_16bit` is false, else 16-bit little-endian) of the frame's size
//! into `out` (already allocated, of a supported format) with the given matrix and range. Chroma of
//! subsampled formats is the average of the pixels it covers.
void rgba_to_yuv(const uint8_t* source, int source_stride, bool source_16bit, AVFrame& out, AVColorSpace matrix,
                 AVColorRange range);

}  // namespace frameout
