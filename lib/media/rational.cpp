#include "media/rational.hpp"

#include <charconv>
#include <cmath>
#include <numeric>

namespace frameout {

namespace {

std::optional<int64_t> parse_int(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Rational reduced(int64_t num, int64_t den) {
  const int64_t g = std::gcd(num, den);
  return {num / g, den / g};
}

}  // namespace

std::optional<Rational> parse_rate(std::string_view text) {
  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    const auto num = parse_int(text.substr(0, slash));
    const auto den = parse_int(text.substr(slash + 1));
    if (!num || !den || *num <= 0 || *den <= 0) return std::nullopt;
    return reduced(*num, *den);
  }
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !(value > 0) || value > 1e6) return std::nullopt;
  // NTSC rates are written rounded (23.976, 29.97, 59.94); they mean N*1000/1001 exactly.
  for (const int64_t base : {24, 30, 48, 60, 120}) {
    const double ntsc = base * 1000.0 / 1001.0;
    if (std::abs(value - ntsc) < 0.006) return Rational{base * 1000, 1001};
  }
  if (value == std::floor(value)) return Rational{static_cast<int64_t>(value), 1};
  return reduced(std::llround(value * 1000.0), 1000);
}

std::string to_string(const Rational& r) {
  return r.den == 1 ? std::to_string(r.num) : std::to_string(r.num) + "/" + std::to_string(r.den);
}

}  // namespace frameout
