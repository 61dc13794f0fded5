#pragma once
// Exact frame rates and time bases ("30", "29.97", "30000/1001").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frameout {

//! A positive fraction num/den, used for frame rates and time bases.
struct Rational {
  int64_t num = 0;
  int64_t den = 1;
  //! Value as a double.
  double value() const { return static_cast<double>(num) / static_cast<double>(den); }
  bool operator==(const Rational&) const = default;
};

//! Parses "30", "29.97" (→ 30000/1001), "59.94", "30000/1001" or "12.5"; nullopt when not a positive rate.
std::optional<Rational> parse_rate(std::string_view text);

//! "30", "30000/1001" style text.
std::string to_string(const Rational& r);

}  // namespace frameout
