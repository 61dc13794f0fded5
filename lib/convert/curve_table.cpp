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

}  // namespace frameout
