#include "convert/colour_transfer.hpp"

#include <algorithm>
#include <cmath>

namespace frameout {

namespace {

// IEC 61966-2-1.
constexpr double kSrgbThreshold = 0.0031308, kSrgbSlope = 12.92, kSrgbScale = 1.055, kSrgbOffset = 0.055,
                 kSrgbPower = 2.4;

// BT.2020's continuous constants, of which BT.709's 1.099 and 0.018 (and BT.2020's own 10-bit values) are
// the rounded forms; they differ by under a tenth of a 10-bit code, and these make the curve invertible.
constexpr double kBt709Alpha = 1.09929682680944, kBt709Beta = 0.018053968510807, kBt709Slope = 4.5,
                 kBt709Power = 0.45;

// SMPTE ST 2084.
constexpr double kPqM1 = 2610.0 / 16384.0, kPqM2 = 2523.0 / 4096.0 * 128.0, kPqC1 = 3424.0 / 4096.0,
                 kPqC2 = 2413.0 / 4096.0 * 32.0, kPqC3 = 2392.0 / 4096.0 * 32.0;

// ARIB STD-B67 / BT.2100 HLG.
constexpr double kHlgA = 0.17883277, kHlgB = 1.0 - 4.0 * kHlgA;
const double kHlgC = 0.5 - kHlgA * std::log(4.0 * kHlgA);

constexpr double kGamma26 = 2.6;

// ACESproxy 10-bit (S-2013-001): CV = (log2(lin) + 2.5) * 50 + 425 within codes 64..940, the SDI legal range.
// The signal is that code on the legal range, (CV - 64) / 876, so the limited-range Y'CbCr path stores
// grey as exactly CV and the clip at 0 and 1 is the standard's clamp to 64 and 940.
constexpr double kProxyStepsPerStop = 50.0, kProxyMid = 425.0, kProxyLow = 64.0, kProxyHigh = 940.0;

double srgb_encode(double x) {
  return x <= kSrgbThreshold ? kSrgbSlope * x : kSrgbScale * std::pow(x, 1.0 / kSrgbPower) - kSrgbOffset;
}
double srgb_decode(double v) {
  return v <= kSrgbThreshold * kSrgbSlope ? v / kSrgbSlope : std::pow((v + kSrgbOffset) / kSrgbScale, kSrgbPower);
}
double bt709_encode(double x) {
  return x < kBt709Beta ? kBt709Slope * x : kBt709Alpha * std::pow(x, kBt709Power) - (kBt709Alpha - 1.0);
}
double bt709_decode(double v) {
  return v < kBt709Slope * kBt709Beta ? v / kBt709Slope : std::pow((v + kBt709Alpha - 1.0) / kBt709Alpha, 1.0 / kBt709Power);
}
double pq_encode(double y) {
  const double p = std::pow(y, kPqM1);
  return std::pow((kPqC1 + kPqC2 * p) / (1.0 + kPqC3 * p), kPqM2);
}
double pq_decode(double v) {
  const double p = std::pow(v, 1.0 / kPqM2);
  return std::pow(std::max(p - kPqC1, 0.0) / (kPqC2 - kPqC3 * p), 1.0 / kPqM1);
}
double hlg_encode(double e) { return e <= 1.0 / 12.0 ? std::sqrt(3.0 * e) : kHlgA * std::log(12.0 * e - kHlgB) + kHlgC; }
double hlg_decode(double v) { return v <= 0.5 ? v * v / 3.0 : (std::exp((v - kHlgC) / kHlgA) + kHlgB) / 12.0; }

double proxy_encode(double x) {
  const double code = x > 0.0 ? (std::log2(x) + 2.5) * kProxyStepsPerStop + kProxyMid : kProxyLow;
  return (std::clamp(code, kProxyLow, kProxyHigh) - kProxyLow) / (kProxyHigh - kProxyLow);
}
double proxy_decode(double v) {
  const double code = v * (kProxyHigh - kProxyLow) + kProxyLow;
  return std::exp2((code - kProxyMid) / kProxyStepsPerStop - 2.5);
}

// Applies `curve` to |x| and gives the result x's sign.
template <typename Curve>
double odd(Curve curve, double x) {
  return x < 0.0 ? -curve(-x) : curve(x);
}

constexpr double kBt2020Red = 0.2627, kBt2020Green = 0.6780, kBt2020Blue = 0.0593;

double bt2020_luminance(const std::array<double, 3>& rgb) {
  return kBt2020Red * rgb[0] + kBt2020Green * rgb[1] + kBt2020Blue * rgb[2];
}

}  // namespace

double encode_transfer(Transfer transfer, double light) {
  switch (transfer) {
    case Transfer::Srgb: return odd(srgb_encode, light);
    case Transfer::Bt709: return odd(bt709_encode, light);
    case Transfer::Pq: return odd(pq_encode, light);
    case Transfer::Hlg: return odd(hlg_encode, light);
    case Transfer::Gamma26: return odd([](double x) { return std::pow(x, 1.0 / kGamma26); }, light);
    case Transfer::AcesProxy: return proxy_encode(light);
    case Transfer::Linear:
    case Transfer::None: return light;
  }
  return light;
}

double decode_transfer(Transfer transfer, double code) {
  switch (transfer) {
    case Transfer::Srgb: return odd(srgb_decode, code);
    case Transfer::Bt709: return odd(bt709_decode, code);
    case Transfer::Pq: return odd(pq_decode, code);
    case Transfer::Hlg: return odd(hlg_decode, code);
    case Transfer::Gamma26: return odd([](double v) { return std::pow(v, kGamma26); }, code);
    case Transfer::AcesProxy: return proxy_decode(code);
    case Transfer::Linear:
    case Transfer::None: return code;
  }
  return code;
}

std::array<double, 3> hlg_ootf(const std::array<double, 3>& scene) {
  const double ys = bt2020_luminance(scene);
  const double gain = ys > 0.0 ? std::pow(ys, kHlgSystemGamma - 1.0) : 0.0;
  return {gain * scene[0], gain * scene[1], gain * scene[2]};
}

std::array<double, 3> hlg_inverse_ootf(const std::array<double, 3>& display) {
  // Yd = Ys^gamma, so Ys = Yd^(1/gamma) and E = Fd / Ys^(gamma-1) = Fd * Yd^((1-gamma)/gamma).
  const double yd = bt2020_luminance(display);
  const double gain = yd > 0.0 ? std::pow(yd, (1.0 - kHlgSystemGamma) / kHlgSystemGamma) : 0.0;
  return {gain * display[0], gain * display[1], gain * display[2]};
}

}  // namespace frameout
