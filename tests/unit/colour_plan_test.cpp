#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "convert/colour_transform.hpp"
#include "job/job.hpp"
#include "params/registry.hpp"
#include "plan/colour_conversion_plan.hpp"
#include "system/error.hpp"

using namespace frameout;

namespace {

Job movie_job(const std::vector<std::pair<const char*, const char*>>& values) {
  Job job(params::Command::Movie);
  for (const auto& [name, value] : values) job.set(name, value);
  return job;
}

PixelFormat format(const char* token) { return *find_pixel_format(token); }

// The converted RGB of one RGBA float pixel.
std::array<float, 4> convert_pixel(const ColourConversion& conversion, std::array<float, 4> rgba, bool quantised) {
  ColourTransform(conversion, quantised).apply(rgba.data(), 1);
  return rgba;
}

}  // namespace

TEST_CASE("input colour space auto: srgb for fixed-point frames, srgblinear for float ones", "[colour]") {
  for (const char* token : {"rgba8fixed", "rgba16fixed", "rgb10a2fixed", "mono8fixed"})
    CHECK(default_input_colour_space(format(token)).token == "srgb");
  for (const char* token : {"rgba16float", "rgba32float", "rgba11float", "mono32float"})
    CHECK(default_input_colour_space(format(token)).token == "srgblinear");
}

TEST_CASE("the input-colorspace menu lists auto and the page's spaces", "[colour]") {
  const params::ParamDef* def = params::find_param("input-colorspace", params::Command::Movie);
  REQUIRE(def != nullptr);
  REQUIRE(def->menu.size() == colour_spaces().size() + 1);
  CHECK(def->menu[0].token == "auto");
  for (size_t i = 0; i < colour_spaces().size(); ++i) CHECK(def->menu[i + 1].token == colour_spaces()[i].token);
}

TEST_CASE("one space at one white converts nothing; images keep the input's space by default", "[colour]") {
  CHECK_FALSE(plan_colour(movie_job({}), format("rgba8fixed"), false).converts());
  CHECK(plan_colour(movie_job({}), format("rgba32float"), false).converts());  // linear float into sRGB video
  CHECK_FALSE(plan_colour(movie_job({}), format("rgba32float"), true).converts());
  CHECK_FALSE(plan_colour(movie_job({{"outputcolorspace", "passthrough"}}), format("rgba32float"), false).converts());
  CHECK(plan_colour(movie_job({{"outputcolorspace", "rec709"}}), format("rgba8fixed"), false).converts());
}

TEST_CASE("the page's reference white example: 80-nit HDR white in a 120-nit SDR space is 0.667", "[colour]") {
  const Job job = movie_job({{"input-colorspace", "acescg"},
                             {"outputcolorspace", "acescg"},
                             {"hdr-reference-white", "80"},
                             {"sdr-reference-white", "120"},
                             {"outputreferencewhite", "sdr"}});
  const ColourConversion conversion = plan_colour(job, format("rgba32float"), false);
  CHECK(conversion.from_white_nits == 80.0);
  CHECK(conversion.to_white_nits == 120.0);
  for (const bool quantised : {false, true}) {
    const auto out = convert_pixel(conversion, {1, 1, 1, 0.5f}, quantised);
    CHECK(out[0] == Approx(80.0 / 120.0).margin(1e-6));
    CHECK(out[2] == Approx(80.0 / 120.0).margin(1e-6));
    CHECK(out[3] == 0.5f);
  }
}

TEST_CASE("linear sRGB white lands at 100 nits in PQ and at 75% HLG for 203-nit HDR white", "[colour]") {
  const auto pq = plan_colour(movie_job({{"outputcolorspace", "rec2020st2084pq"}}), format("rgba32float"), false);
  const auto hlg = plan_colour(movie_job({{"input-colorspace", "acescg"}, {"outputcolorspace", "rec2020hlg"}}),
                               format("rgba32float"), false);
  for (const bool quantised : {false, true}) {
    CHECK(convert_pixel(pq, {1, 1, 1, 1}, quantised)[1] == Approx(0.5081).margin(5e-5));
    CHECK(convert_pixel(hlg, {1, 1, 1, 1}, quantised)[1] == Approx(0.7499).margin(5e-5));
  }
}

TEST_CASE("tables agree with the exact curves within a fraction of a 16-bit step", "[colour]") {
  for (const char* token : {"srgb", "rec709", "rec2020st2084pq", "rec2020hlg", "dcip3", "acesproxy"}) {
    INFO(token);
    const auto conversion = plan_colour(movie_job({{"outputcolorspace", token}}), format("rgba32float"), false);
    for (float v = 0.0f; v < 3.0f; v += 0.00731f) {
      const auto exact = convert_pixel(conversion, {v, v * 0.5f, 1.0f - v / 3.0f, 1}, false);
      const auto fast = convert_pixel(conversion, {v, v * 0.5f, 1.0f - v / 3.0f, 1}, true);
      for (int c = 0; c < 3; ++c) CHECK(std::abs(exact[c] - fast[c]) < 0.25f / 65535.0f);
    }
  }
}

TEST_CASE("a reference white that is not a positive number is refused naming the flag", "[colour]") {
  CHECK_THROWS_WITH(plan_colour(movie_job({{"sdr-reference-white", "-3"}}), format("rgba8fixed"), false),
                    Catch::Contains("--sdr-reference-white"));
}

TEST_CASE("every space converts there and back to the input values", "[colour]") {
  // Light inside every gamut and range (ACESproxy holds 2^-9.72 .. 222 of light, PQ up to 10,000 nits).
  const std::array<float, 4> pixel{0.4f, 0.2f, 0.1f, 0.75f};
  for (const ColourSpace& space : colour_spaces()) {
    if (is_passthrough(space)) continue;
    INFO(space.token);
    const auto there = plan_colour(movie_job({{"outputcolorspace", std::string(space.token).c_str()}}),
                                   format("rgba32float"), false);
    const auto back = plan_colour(movie_job({{"input-colorspace", std::string(space.token).c_str()},
                                             {"outputcolorspace", "srgblinear"}}),
                                  format("rgba32float"), false);
    const auto restored = convert_pixel(back, convert_pixel(there, pixel, false), false);
    for (int c = 0; c < 4; ++c) CHECK(restored[c] == Approx(pixel[c]).margin(1e-5));
    // The same through the tables (used for outputs of 16 bits or fewer): within a 16-bit step.
    const auto fast = convert_pixel(back, convert_pixel(there, pixel, true), true);
    for (int c = 0; c < 4; ++c) CHECK(fast[c] == Approx(pixel[c]).margin(1.0 / 65535.0));
  }
}
