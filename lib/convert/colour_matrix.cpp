#include "convert/colour_matrix.hpp"

namespace frameout {

namespace {

// The Bradford cone response matrix (Lam 1985, as used by ICC and ACES).
constexpr Matrix3 kBradford{0.8951, 0.2664, -0.1614, -0.7502, 1.7135, 0.0367, 0.0389, -0.0685, 1.0296};

std::array<double, 3> white_xyz(const Chromaticity& white) {
  return {white.x / white.y, 1.0, (1.0 - white.x - white.y) / white.y};
}

}  // namespace

Matrix3 multiply(const Matrix3& a, const Matrix3& b) {
  Matrix3 out{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) out[3 * i + j] += a[3 * i + k] * b[3 * k + j];
  return out;
}

Matrix3 inverse(const Matrix3& m) {
  const double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
  const double co0 = e * i - f * h, co1 = f * g - d * i, co2 = d * h - e * g;
  const double det = a * co0 + b * co1 + c * co2;
  return {co0 / det,           (c * h - b * i) / det, (b * f - c * e) / det,
          co1 / det,           (a * i - c * g) / det, (c * d - a * f) / det,
          co2 / det,           (b * g - a * h) / det, (a * e - b * d) / det};
}

std::array<double, 3> apply(const Matrix3& m, const std::array<double, 3>& v) {
  return {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
          m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
}

Matrix3 rgb_to_xyz(const Primaries& p) {
  // Columns are the primaries' XYZ at Y = 1, each scaled so that the three add up to the white.
  auto xyz = [](const Chromaticity& c) { return std::array<double, 3>{c.x / c.y, 1.0, (1.0 - c.x - c.y) / c.y}; };
  const auto r = xyz(p.red), g = xyz(p.green), b = xyz(p.blue);
  const Matrix3 unscaled{r[0], g[0], b[0], r[1], g[1], b[1], r[2], g[2], b[2]};
  const auto s = apply(inverse(unscaled), white_xyz(p.white));
  return {r[0] * s[0], g[0] * s[1], b[0] * s[2], r[1] * s[0], g[1] * s[1], b[1] * s[2],
          r[2] * s[0], g[2] * s[1], b[2] * s[2]};
}

Matrix3 bradford(const Chromaticity& from, const Chromaticity& to) {
  if (from.x == to.x && from.y == to.y) return {1, 0, 0, 0, 1, 0, 0, 0, 1};
  const auto cone_from = apply(kBradford, white_xyz(from)), cone_to = apply(kBradford, white_xyz(to));
  const Matrix3 gain{cone_to[0] / cone_from[0], 0, 0, 0, cone_to[1] / cone_from[1], 0, 0, 0, cone_to[2] / cone_from[2]};
  return multiply(inverse(kBradford), multiply(gain, kBradford));
}

Matrix3 rgb_to_rgb(const Primaries& from, const Primaries& to) {
  return multiply(inverse(rgb_to_xyz(to)), multiply(bradford(from.white, to.white), rgb_to_xyz(from)));
}

}  // namespace frameout
