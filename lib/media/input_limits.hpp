#pragma once
// How large a decoded input frame may be: sizes come from file headers, which a damaged or hostile file
// can set to anything, so they are checked before any memory is set aside for the pixels.

#include <cstdint>

namespace frameout {

//! Default of --max-input-pixels: a 16384x16384 frame passes (16K video, 15360x8640, easily), 40000x40000 does
//! not. Kept equal to the flag's default text by a unit test.
inline constexpr int64_t kDefaultMaxInputPixels = int64_t{16384} * 16384;

}  // namespace frameout
