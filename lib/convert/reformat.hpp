#pragma once
// Converts frames between pixel layouts (bit depth, float/fixed, channel set) for image writers, which
// store data much as it comes rather than as video Y'CbCr.

#include "media/video_frame.hpp"

namespace frameout {

//! `frame` in the `target` layout. Missing alpha becomes opaque, missing colour channels become 0 (RG) or
//! copies of mono; mono from colour is the Rec.709 luminance (grey stays exactly grey). Fixed-point values round to nearest; floats
//! going to fixed are clamped to 0..1. `target` must not be a packed 10/11-bit format. Layers travel unchanged.
VideoFrame reformat(const VideoFrame& frame, const PixelFormat& target);

//! `frame` held in `held` (the Common-page `format`), then stored as `target` (what a writer keeps for `held`):
//! what `held` leaves out stays out even where `target` has room for it (RG's blue, the colour under mono or
//! alpha-only), and its precision applies too, as for movies, which hold frames in it before encoding.
//! A packed `held` layout only passes on its channels (its precision is at most `target`'s).
VideoFrame reformat_held(const VideoFrame& frame, const PixelFormat& held, const PixelFormat& target);

//! The IEEE half-float bit pattern nearest to `value`.
uint16_t float_to_half(float value);

}  // namespace frameout
