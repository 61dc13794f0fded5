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

//! Converts rows `first_row` to `first_row + rows` of packed 8-bit RGBA (`source`: the first of them,
//! `source_stride` bytes apart) into the same rows of `out`, an allocated frame of a supported format and the
//! same size. With 4:2:0 output, `first_row` and every band but the last must be even.
void rgba8_to_yuv(const uint8_t* source, int source_stride, AVFrame& out, AVColorSpace matrix, AVColorRange range,
                  int first_row, int rows);

//! Whether rgba16_to_yuv10() writes this pixel format.
bool rgba16_to_yuv10_supported(AVPixelFormat format);

//! Converts rows `first_row` to `first_row + rows` of packed 16-bit little-endian RGBA (`source`: the first of
//! them) into the same rows of `out` (yuv422p10le, yuv444p10le or yuva444p10le).
void rgba16_to_yuv10(const uint16_t* source, int source_stride_pixels, AVFrame& out, AVColorSpace matrix,
                     AVColorRange range, int first_row, int rows);

}  // namespace frameout
