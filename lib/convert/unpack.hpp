#pragma once
// Widens any Common-page pixel format to RGBA so one swscale path serves every input.

#include <cstdint>
#include <span>

#include "media/pixel_format.hpp"

namespace frameout {

//! Whether frames of this format are widened to 16-bit RGBA (otherwise to 8-bit RGBA, or used as they are).
bool unpacks_to_16bit(const PixelFormat& format);

//! Converts `pixels` pixels from `src` (in `format`) to RGBA with 8-bit channels (deeper values round to nearest).
//! Missing colour channels become 0 (RG) or copies of mono; missing alpha is opaque; alpha-only formats
//! show their alpha as grey so the matte stays visible in codecs without alpha.
void unpack_to_rgba8(const PixelFormat& format, const uint8_t* src, uint8_t* dst, size_t pixels);

//! Converts to RGBA with 16-bit little-endian channels; float values are clamped to 0..1.
void unpack_to_rgba16(const PixelFormat& format, const uint8_t* src, uint16_t* dst, size_t pixels);

//! Converts to RGBA floats, keeping values outside 0..1; fixed-point values are normalised to 0..1.
void unpack_to_rgba_float(const PixelFormat& format, const uint8_t* src, float* dst, size_t pixels);

//! A half-float bit pattern as a float.
float half_to_float(uint16_t bits);

}  // namespace frameout
