#pragma once
// The transfer functions of the page's colour spaces, exact, in double. Each curve works in its own
// normalisation: PQ takes light in units of 10,000 nits, HLG takes scene light 0..1 (the OETF alone; the
// OOTF is separate below), the others take light relative to their white. Curves that are powers or
// logs are extended to negative values as odd functions (-f(-x)), so float outputs keep negative values
// and a round trip restores them; ACESproxy is clamped to its code range as S-2013-001 defines.

#include <array>

#include "media/colour_space.hpp"

namespace frameout {

//! The code value (0..1 for in-range light) of linear `light` under `transfer`.
double encode_transfer(Transfer transfer, double light);

//! The linear light of code value `code` under `transfer` (the inverse of encode_transfer()).
double decode_transfer(Transfer transfer, double code);

//! HLG reference display: peak luminance in nits the OOTF is taken at (BT.2100's nominal 1000-nit display).
inline constexpr double kHlgDisplayPeakNits = 1000.0;
//! HLG system gamma at kHlgDisplayPeakNits (BT.2100: 1.2 at 1000 nits).
inline constexpr double kHlgSystemGamma = 1.2;

//! BT.2100 HLG OOTF with black level 0: scene light E (0..1, BT.2020 RGB) to display light as a fraction of
//! the display peak, Fd = Ys^(gamma-1) * E, Ys the BT.2020 luminance of E.
std::array<double, 3> hlg_ootf(const std::array<double, 3>& scene);

//! The inverse of hlg_ootf(): display light (fraction of the peak) back to scene light.
std::array<double, 3> hlg_inverse_ootf(const std::array<double, 3>& display);

}  // namespace frameout
