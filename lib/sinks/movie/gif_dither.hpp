#pragma once
// Floyd-Steinberg error diffusion onto a palette, serpentine (rows alternate direction, so the error never
// drifts one way). Pixels with alpha < 128 become the transparent index and neither take nor pass error.
// A dead zone: a channel's error passes on less 4 levels, so where the palette is within 4 levels of the
// picture (flat areas, gentle ramps) nothing is scattered: that noise is what LZW pays for most, and it lowers
// PSNR as well. Where the palette is coarser, the rest of the error is diffused.
// A pixel whose RGBA did not change since the previous frame, coded with the same palette, keeps its previous
// index: still pictures stay still (no dither crawl) and the frame's changed rectangle stays small.

#include <cstddef>
#include <cstdint>

#include "sinks/movie/gif_nearest.hpp"

namespace frameout {

//! The rows `begin`..`end` of one frame to dither, and the previous frame to keep indices from.
struct DitherBand {
  const uint8_t* rgba;                 //!< row 0 of the frame, RGBA
  std::ptrdiff_t stride;               //!< bytes between rows of `rgba`
  const uint32_t* previous;            //!< the previous frame's pixels (width per row, RGBA bytes), or null
  const uint8_t* previous_indices;     //!< their indices (width per row); used only with `previous`
  uint8_t* indices;                    //!< out: the indices (width per row)
  int width;
  int begin, end;
};

//! Dithers `band` onto the palette `nearest` was last reset to.
void dither_band(const DitherBand& band, NearestColour& nearest);

}  // namespace frameout
