#pragma once
// A transfer curve sampled for speed: a table over the float exponent range, 256 points per octave, read
// with linear interpolation. Its error is a few 1e-6 of the code value, well under one 16-bit step, so it
// serves outputs stored in 16 bits or fewer; float outputs use the exact curves.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace frameout {

//! A curve on [0, inf) tabulated for fast evaluation; negative inputs mirror it (odd) or give its value at 0.
class CurveTable {
 public:
  //! Samples `curve` from 2^-32 to 2^8; `odd`: f(-x) = -f(x), otherwise f(x < 0) = f(0).
  CurveTable(const std::function<double(double)>& curve, bool odd);

  //! The curve at `x` (interpolated; NaN reads as 0, values past 2^8 as the curve at 2^8).
  float operator()(float x) const {
    if (!(x >= 0.0f)) return x < 0.0f ? (odd_ ? -positive(-x) : at_zero_) : at_zero_;
    return positive(x);
  }

 private:
  static constexpr int kMinExponent = -32, kMaxExponent = 8, kSegmentBits = 8;

  // Inline, so the loops that read the table per sample keep it in registers instead of calling out.
  float positive(float x) const {
    const auto bits = std::bit_cast<uint32_t>(x);
    const int exponent = static_cast<int>(bits >> 23) - 127;
    if (exponent < kMinExponent) return at_zero_ + below_slope_ * x;
    if (exponent >= kMaxExponent) return table_.back();
    constexpr int kFractionBits = 23 - kSegmentBits;
    const uint32_t mantissa = bits & 0x7fffff;
    const size_t index = (static_cast<size_t>(exponent - kMinExponent) << kSegmentBits) | (mantissa >> kFractionBits);
    const float t = static_cast<float>(mantissa & ((1u << kFractionBits) - 1)) * (1.0f / (1u << kFractionBits));
    return table_[index] + t * (table_[index + 1] - table_[index]);
  }

  std::vector<float> table_;
  float at_zero_;
  float below_slope_;  // the first segment, 0 .. 2^-32, is a straight line
  bool odd_;
};

}  // namespace frameout
