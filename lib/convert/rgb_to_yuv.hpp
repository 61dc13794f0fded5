#pragma once
// RGBA → planar Y'CbCr with the matrix and range given explicitly; chroma is the mean of the pixels it
// covers. RGBA8 → 8-bit 4:4:4 / 4:2:2 / 4:2:0 is fixed point and several times faster than swscale's
// generic path (Motion JPEG, H.264); 16-bit RGBA → 10-bit 4:2:2 / 4:4:4 (+ alpha) keeps every bit a deep
// source has for ProRes, which swscale's 64-bit RGBA input path does not.

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

//! Whether rgba16_to_yuv10() writes this pixel format.
bool rgba16_to_yuv10_supported(AVPixelFormat format);

//! Converts packed 16-bit little-endian RGBA into `out` (yuv422p10le, yuv444p10le or yuva444p10le).
void rgba16_to_yuv10(const uint16_t* source, int source_stride_pixels, AVFrame& out, AVColorSpace matrix,
                     AVColorRange range);

}  // namespace frameout
