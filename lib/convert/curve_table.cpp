#include "convert/curve_table.hpp"

#include <bit>
#include <cmath>
#include <cstdint>

namespace frameout {

CurveTable::CurveTable(const std::function<double(double)>& curve, bool odd)
    : at_zero_(static_cast<float>(curve(0.0))), odd_(odd) {
  const size_t segments = static_cast<size_t>(kMaxExponent - kMinExponent) << kSegmentBits;
  table_.resize(segments + 1);
  for (size_t k = 0; k <= segments; ++k) {
    const int exponent = kMinExponent + static_cast<int>(k >> kSegmentBits);
    const double mantissa = 1.0 + static_cast<double>(k & ((1u << kSegmentBits) - 1)) / (1u << kSegmentBits);
    table_[k] = static_cast<float>(curve(std::ldexp(mantissa, exponent)));
  }
  below_slope_ = static_cast<float>((table_[0] - at_zero_) / std::ldexp(1.0, kMinExponent));
}

float CurveTable::positive(float x) const {
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

}  // namespace frameout
