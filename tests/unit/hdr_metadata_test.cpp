#include <catch2/catch.hpp>

#include <string>

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/mastering_display_metadata.h>
}

#include "formats/containers.hpp"
#include "formats/encoder_settings.hpp"
#include "media/hdr_metadata.hpp"
#include "params/registry.hpp"
#include "plan/colour_plan.hpp"
#include "sinks/movie/hdr_side_data.hpp"
#include "system/error.hpp"

using namespace frameout;
using frameout::params::Command;

namespace {

constexpr const char* kP3Display = "G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,50)";

ExitCode refusal(const char* text) {
  try {
    parse_mastering_display(text, "mastering-display");
  } catch (const Error& e) {
    CHECK_THAT(e.what(), Catch::Contains("--mastering-display"));
    return e.code();
  }
  return ExitCode::Ok;
}

bool has_option(const EncoderOptions& options, const std::string& name, const std::string& value) {
  for (const auto& [k, v] : options)
    if (k == name && v.find(value) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("the mastering display reads x265's notation and writes it back unchanged", "[hdr]") {
  const MasteringDisplay d = parse_mastering_display(kP3Display, "mastering-display");
  CHECK(d.green.x == 13250);
  CHECK(d.green.y == 34500);
  CHECK(d.red.x == 34000);
  CHECK(d.white.y == 16450);
  CHECK(d.max_luminance == 10000000);
  CHECK(d.min_luminance == 50);
  CHECK(x265_notation(d) == kP3Display);
  CHECK(svtav1_notation(d) == "G(0.265,0.69)B(0.15,0.06)R(0.68,0.32)WP(0.3127,0.329)L(1000,0.005)");
}

TEST_CASE("a malformed or impossible mastering display is a usage error naming the flag", "[hdr]") {
  for (const char* bad : {"", "G(13250,34500)", "G(0.265,0.69)B(0.15,0.06)R(0.68,0.32)WP(0.3127,0.329)L(1000,1)",
                          "G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,50) ",
                          "R(34000,16000)G(13250,34500)B(7500,3000)WP(15635,16450)L(10000000,50)",
                          "G(-1,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,50)",
                          "G(50001,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,50)",
                          "G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(50,50)",
                          "G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(100000001,50)",
                          "G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(99999999999,50)"}) {
    INFO(bad);
    CHECK(refusal(bad) == ExitCode::Usage);
  }
}

TEST_CASE("HDR metadata is planned for PQ and HLG only, and only where the container holds it", "[hdr]") {
  Job job(Command::Movie);
  job.set("mastering-display", kP3Display);
  job.set("max-cll", "1000");
  job.set("max-fall", "400");
  const Container& mov = *find_container("mov");
  for (const char* token : {"rec2020st2084pq", "rec2020hlg"}) {
    const HdrMetadata hdr = plan_hdr_metadata(job, colour_space(token, "outputcolorspace"), mov);
    REQUIRE(hdr.mastering);
    REQUIRE(hdr.light);
    CHECK(hdr.light->max_cll == 1000);
    CHECK(hdr.light->max_fall == 400);
  }
  CHECK(plan_hdr_metadata(job, colour_space("rec2020", "outputcolorspace"), mov).empty());
  CHECK(plan_hdr_metadata(job, colour_space("rec2020st2084pq", "outputcolorspace"), *find_container("gif")).empty());
  // without a container (PNG images): the space alone decides
  CHECK_FALSE(plan_hdr_metadata(job, colour_space("rec2020hlg", "outputcolorspace")).empty());
  CHECK(plan_hdr_metadata(job, colour_space("srgb", "outputcolorspace")).empty());
  CHECK(job.unsettled().empty());  // said once with its reason, not again as unused

  Job light_only(Command::Movie);
  light_only.set("max-cll", "600");
  const HdrMetadata hdr = plan_hdr_metadata(light_only, colour_space("rec2020st2084pq", "outputcolorspace"), mov);
  CHECK_FALSE(hdr.mastering);
  REQUIRE(hdr.light);
  CHECK(hdr.light->max_fall == 0);  // 0: unknown
  CHECK(plan_hdr_metadata(Job(Command::Movie), colour_space("rec2020st2084pq", "outputcolorspace"), mov).empty());

  Job inverted(Command::Movie);
  inverted.set("max-cll", "100");
  inverted.set("max-fall", "400");
  CHECK_THROWS_WITH(plan_hdr_metadata(inverted, colour_space("rec2020st2084pq", "outputcolorspace"), mov),
                    Catch::Contains("--max-fall 400") && Catch::Contains("--max-cll 100"));
  CHECK_THROWS_AS(Job(Command::Movie).set("max-cll", "70000"), Error);
}

TEST_CASE("x264, x265 and SVT-AV1 get the HDR metadata in their own parameter strings", "[hdr]") {
  EncoderSettings s;
  s.pixel_format = AV_PIX_FMT_YUV420P10LE;
  s.height = 64;
  s.hdr.mastering = parse_mastering_display(kP3Display, "mastering-display");
  s.hdr.light = ContentLightLevel{1000, 400};
  CHECK(has_option(x265_options(s), "x265-params", std::string(":master-display=") + kP3Display + ":max-cll=1000,400"));
  CHECK(has_option(x264_options(s), "x264-params", std::string("mastering-display=") + kP3Display + ":cll=1000,400"));
  CHECK(has_option(svtav1_options(s), "svtav1-params", "mastering-display=G(0.265,0.69)"));
  CHECK(has_option(svtav1_options(s), "svtav1-params", ":content-light=1000,400"));
  s.hdr = {};
  CHECK_FALSE(has_option(x264_options(s), "x264-params", ""));
  CHECK_FALSE(has_option(svtav1_options(s), "svtav1-params", ""));
}

TEST_CASE("frames carry the HDR metadata as exact libav side data, once however often they are reused", "[hdr]") {
  HdrMetadata hdr;
  hdr.mastering = parse_mastering_display(kP3Display, "mastering-display");
  hdr.light = ContentLightLevel{1000, 400};
  AVFrame* frame = av_frame_alloc();
  REQUIRE(set_hdr_side_data(*frame, hdr));
  REQUIRE(set_hdr_side_data(*frame, hdr));
  CHECK(frame->nb_side_data == 2);
  const auto* display = reinterpret_cast<const AVMasteringDisplayMetadata*>(
      av_frame_get_side_data(frame, AV_FRAME_DATA_MASTERING_DISPLAY_METADATA)->data);
  CHECK(av_q2d(display->display_primaries[0][0]) == Approx(0.68));   // red x
  CHECK(av_q2d(display->display_primaries[1][1]) == Approx(0.69));   // green y
  CHECK(av_q2d(display->white_point[0]) == Approx(0.3127));
  CHECK(av_q2d(display->max_luminance) == Approx(1000));
  CHECK(av_q2d(display->min_luminance) == Approx(0.005));
  const auto* light = reinterpret_cast<const AVContentLightMetadata*>(
      av_frame_get_side_data(frame, AV_FRAME_DATA_CONTENT_LIGHT_LEVEL)->data);
  CHECK(light->MaxCLL == 1000);
  CHECK(light->MaxFALL == 400);
  av_frame_free(&frame);
}
