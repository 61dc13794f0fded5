#pragma once
// The quantisers of CineForm's 13 quality levels, film3+ (0) to low (12): the same as libavcodec's cfhd
// encoder uses, so a level gives frameout the sizes and the quality it gives ffmpeg.

#include <array>
#include <cstdint>

namespace frameout {

//! The number of quality levels.
inline constexpr int kCineformLevels = 13;

//! The quantisers of the nine high-pass bands (the coarsest wavelet's three first), for 4:2:2 10-bit (`rgb`
//! false) or 12-bit RGB(A) channel `channel` (0..3; the alpha channel uses channel 0's) at `level`.
std::array<uint16_t, 9> cineform_quantisers(bool rgb, int channel, int level);

}  // namespace frameout
