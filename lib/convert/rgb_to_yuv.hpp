#pragma once
// Fast RGBA8 → 8-bit planar Y'CbCr (4:4:4, 4:2:2, 4:2:0) in fixed point, for the codecs where conversion
// is a large share of the work (Motion JPEG, H.264). The matrix and range are given explicitly; chroma is
// the mean of the pixels it covers. It runs several times faster than swscale's generic path.

#include <cstdint>

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixfmt.h>
}

namespace frameout {

//! Whether rgba8_to_yuv() writes this pixel format.
bool rgba8_to_yuv_supported(AVPixelFormat format);

//! Converts packed 8-bit RGBA (`source_stride` bytes per row) into `out`, an allocated frame of a supported
//! format and the same size.
void rgba8_to_yuv(const uint8_t* source, int source_stride, AVFrame& out, AVColorSpace matrix, AVColorRange range);

}  // namespace frameout
