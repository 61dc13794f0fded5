#pragma once
// Primaries matrices in double: RGB to CIE XYZ from a space's chromaticities, Bradford chromatic adaptation
// between white points, and the one 3x3 that takes linear RGB of one space to linear RGB of another.

#include <array>

#include "media/colour_space.hpp"

namespace frameout {

//! A 3x3 matrix, row-major: out[i] = sum over j of m[3 * i + j] * in[j].
using Matrix3 = std::array<double, 9>;

//! The product a * b (b applied first).
Matrix3 multiply(const Matrix3& a, const Matrix3& b);

//! The inverse of `m` (which must be invertible).
Matrix3 inverse(const Matrix3& m);

//! `m` applied to the column vector `v`.
std::array<double, 3> apply(const Matrix3& m, const std::array<double, 3>& v);

//! Linear RGB of `primaries` to CIE XYZ, scaled so that RGB white (1, 1, 1) has Y = 1.
Matrix3 rgb_to_xyz(const Primaries& primaries);

//! Bradford chromatic adaptation of XYZ from white `from` to white `to` (identity when they are equal).
Matrix3 bradford(const Chromaticity& from, const Chromaticity& to);

//! Linear RGB of `from` to linear RGB of `to`, through XYZ with Bradford adaptation where the whites differ.
Matrix3 rgb_to_rgb(const Primaries& from, const Primaries& to);

}  // namespace frameout
