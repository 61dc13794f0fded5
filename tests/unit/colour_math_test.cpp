#include <catch2/catch.hpp>

#include <cmath>

#include "convert/colour_matrix.hpp"
#include "convert/colour_transfer.hpp"
#include "media/colour_space.hpp"

using namespace frameout;

namespace {

const Primaries& primaries_of(const char* token) { return colour_space(token, "outputcolorspace").primaries; }

void check_matrix(const Matrix3& actual, const Matrix3& published, double tolerance) {
  for (int i = 0; i < 9; ++i) {
    INFO("element " << i);
    CHECK(actual[i] == Approx(published[i]).margin(tolerance));
  }
}

constexpr Transfer kCurves[] = {Transfer::Srgb, Transfer::Linear, Transfer::Bt709, Transfer::Pq,
                                Transfer::Hlg,  Transfer::Gamma26, Transfer::AcesProxy};

}  // namespace

TEST_CASE("PQ encodes the reference whites to the published code values", "[colour]") {
  const double pq203 = encode_transfer(Transfer::Pq, 203.0 / 10000.0);
  CHECK(pq203 == Approx(0.5807).margin(5e-5));
  CHECK(std::lround(64.0 + 876.0 * pq203) == 573);  // 10-bit narrow range (BT.2408)
  CHECK(encode_transfer(Transfer::Pq, 100.0 / 10000.0) == Approx(0.5081).margin(5e-5));
  CHECK(encode_transfer(Transfer::Pq, 1.0) == Approx(1.0).margin(1e-12));
  CHECK(encode_transfer(Transfer::Pq, 0.0) == Approx(0.0).margin(1e-6));
}

TEST_CASE("HLG puts 203-nit white at 75% on the 1000-nit reference display (BT.2408)", "[colour]") {
  const double display = 203.0 / kHlgDisplayPeakNits;
  const auto scene = hlg_inverse_ootf({display, display, display});
  CHECK(encode_transfer(Transfer::Hlg, scene[0]) == Approx(0.7499).margin(5e-5));
  CHECK(encode_transfer(Transfer::Hlg, 1.0) == Approx(1.0).margin(1e-7));
  CHECK(encode_transfer(Transfer::Hlg, 1.0 / 12.0) == Approx(0.5).margin(1e-12));
}

TEST_CASE("the OOTF and its inverse undo each other, also for saturated colours", "[colour]") {
  for (const std::array<double, 3> scene : {std::array<double, 3>{0.2, 0.5, 0.9}, {1.0, 0.0, 0.0}, {0.01, 0.02, 0.0}}) {
    const auto back = hlg_inverse_ootf(hlg_ootf(scene));
    for (int c = 0; c < 3; ++c) CHECK(back[c] == Approx(scene[c]).margin(1e-12));
  }
}

TEST_CASE("every transfer's published points", "[colour]") {
  CHECK(encode_transfer(Transfer::Srgb, 0.5) == Approx(0.735356983).margin(1e-8));
  CHECK(encode_transfer(Transfer::Srgb, 0.002) == Approx(0.02584).margin(1e-9));
  CHECK(encode_transfer(Transfer::Bt709, 0.018053968510807) == Approx(0.081242858).margin(1e-8));
  CHECK(encode_transfer(Transfer::Bt709, 1.0) == Approx(1.0).margin(1e-12));
  CHECK(encode_transfer(Transfer::Gamma26, 0.5) == Approx(std::pow(0.5, 1.0 / 2.6)).margin(1e-12));
  // ACESproxy 10-bit: 0.18 (mid grey) is code 426, the clamp limits are codes 64 and 940.
  CHECK(encode_transfer(Transfer::AcesProxy, 0.18) * 876.0 + 64.0 == Approx(425.0 + 50.0 * (std::log2(0.18) + 2.5)).margin(1e-9));
  CHECK(std::lround(encode_transfer(Transfer::AcesProxy, 0.18) * 876.0 + 64.0) == 426);
  CHECK(encode_transfer(Transfer::AcesProxy, 1e-6) == 0.0);
  CHECK(encode_transfer(Transfer::AcesProxy, 1e6) == 1.0);
}

TEST_CASE("every transfer round-trips within 1e-5 in float and half a code at 10 bits", "[colour]") {
  for (const Transfer t : kCurves) {
    INFO("transfer " << static_cast<int>(t));
    for (double x = 0.0; x <= 1.0; x += 1.0 / 512.0) {
      // ACESproxy covers 2^-9.72 .. 2^7.8 of light; PQ's light is up to 1 (10,000 nits).
      const double light = t == Transfer::AcesProxy ? std::exp2(-9.7 + 17.4 * x) : x;
      CHECK(decode_transfer(t, encode_transfer(t, light)) == Approx(light).margin(1e-5).epsilon(1e-5));
    }
    for (int code = 0; code < 1024; ++code) {
      const double light = decode_transfer(t, code / 1023.0);
      CHECK(std::abs(encode_transfer(t, light) * 1023.0 - code) < 0.5);
    }
  }
}

TEST_CASE("negative values mirror through the curves", "[colour]") {
  for (const Transfer t : {Transfer::Srgb, Transfer::Bt709, Transfer::Pq, Transfer::Hlg, Transfer::Gamma26}) {
    CHECK(encode_transfer(t, -0.25) == Approx(-encode_transfer(t, 0.25)));
    CHECK(decode_transfer(t, encode_transfer(t, -0.25)) == Approx(-0.25));
  }
}

TEST_CASE("RGB to XYZ matches the published ACES matrices (TB-2014-004)", "[colour]") {
  check_matrix(rgb_to_xyz(primaries_of("aces2065-1")),
               {0.9525523959, 0.0, 0.0000936786, 0.3439664498, 0.7281660966, -0.0721325464, 0.0, 0.0, 1.0088251844},
               1e-9);
  check_matrix(rgb_to_xyz(primaries_of("acescg")),
               {0.6624541811, 0.1340042065, 0.1561876870, 0.2722287168, 0.6740817658, 0.0536895174, -0.0055746495,
                0.0040607335, 1.0103391003},
               1e-9);
  check_matrix(rgb_to_rgb(primaries_of("aces2065-1"), primaries_of("acescg")),
               {1.4514393161, -0.2365107469, -0.2149285693, -0.0765537734, 1.1762296998, -0.0996759264, 0.0083161484,
                -0.0060324498, 0.9977163014},
               1e-9);
}

TEST_CASE("BT.709 to BT.2020 matches BT.2087, and sRGB to XYZ the IEC matrix", "[colour]") {
  check_matrix(rgb_to_rgb(primaries_of("rec709"), primaries_of("rec2020")),
               {0.6274, 0.3293, 0.0433, 0.0691, 0.9195, 0.0114, 0.0164, 0.0880, 0.8956}, 5e-5);
  check_matrix(rgb_to_xyz(primaries_of("srgb")), {0.4124, 0.3576, 0.1805, 0.2126, 0.7152, 0.0722, 0.0193, 0.1192, 0.9505},
               1e-4);
}

TEST_CASE("Bradford adaptation keeps white white and is the identity for equal whites", "[colour]") {
  const Matrix3 m = rgb_to_rgb(primaries_of("srgb"), primaries_of("aces2065-1"));
  const auto white = apply(m, {1.0, 1.0, 1.0});
  for (const double v : white) CHECK(v == Approx(1.0).margin(1e-12));
  check_matrix(bradford({0.3127, 0.3290}, {0.3127, 0.3290}), {1, 0, 0, 0, 1, 0, 0, 0, 1}, 0.0);
  // D60 sim P3 and D65 P3 share primaries: only the adaptation separates them.
  const auto adapted = apply(rgb_to_rgb(primaries_of("dcip3"), primaries_of("dcip3d60")), {1.0, 1.0, 1.0});
  for (const double v : adapted) CHECK(v == Approx(1.0).margin(1e-12));
}
