// A movie written through the whole pipeline with a colour-space row and HDR metadata the parameter menu may not
// offer yet, read back with libavformat: the tags and side data reach the container and the stream.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <unistd.h>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/mastering_display_metadata.h>
}

#include "params/registry.hpp"
#include "pipeline/movie_pipeline.hpp"
#include "plan/codec_settings.hpp"
#include "plan/colour_plan.hpp"
#include "plan/movie_plan.hpp"
#include "sources/testpattern_source.hpp"

using namespace frameout;
namespace fs = std::filesystem;

namespace {

struct ProbedStream {
  AVColorPrimaries primaries = AVCOL_PRI_UNSPECIFIED;
  AVColorTransferCharacteristic transfer = AVCOL_TRC_UNSPECIFIED;
  AVColorSpace matrix = AVCOL_SPC_UNSPECIFIED;
  const AVMasteringDisplayMetadata* display = nullptr;  // valid while `context` is open
  const AVContentLightMetadata* light = nullptr;
  AVFormatContext* context = nullptr;
  ~ProbedStream() { avformat_close_input(&context); }
};

void probe(const fs::path& path, ProbedStream& out) {
  REQUIRE(avformat_open_input(&out.context, path.c_str(), nullptr, nullptr) == 0);
  REQUIRE(avformat_find_stream_info(out.context, nullptr) >= 0);
  const AVStream* stream = out.context->streams[0];
  out.primaries = stream->codecpar->color_primaries;
  out.transfer = stream->codecpar->color_trc;
  out.matrix = stream->codecpar->color_space;
  size_t size = 0;
  out.display = reinterpret_cast<const AVMasteringDisplayMetadata*>(
      av_stream_get_side_data(stream, AV_PKT_DATA_MASTERING_DISPLAY_METADATA, &size));
  out.light = reinterpret_cast<const AVContentLightMetadata*>(
      av_stream_get_side_data(stream, AV_PKT_DATA_CONTENT_LIGHT_LEVEL, &size));
}

}  // namespace

TEST_CASE("a PQ movie carries its tags and HDR metadata in the container", "[colour][hdr][movie]") {
  const fs::path dir = fs::temp_directory_path() / ("frameout_movie_tags_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const ColourSpace& pq = colour_space("rec2020st2084pq", "outputcolorspace");
  for (const char* file : {"pq.mov", "pq.mp4", "pq.mkv"}) {
    INFO(file);
    Job job(params::Command::Movie);
    for (const auto& [k, v] : {std::pair{"videocodec", "h265"}, {"moviepixelformat", "yuv420p10bit"},
                               {"limitlength", "on"}, {"length", "3"}, {"lengthunit", "frames"}})
      job.set(k, v);
    job.set("file", (dir / file).string());
    auto source = std::make_unique<TestPatternSource>(64, 64, Rational{30, 1});
    MovieSpec spec = plan_movie(job, source->info(), std::nullopt);
    // What planning gives once the conversion offers the token: the row's tags and the HDR flags.
    spec.format.colour = movie_colour_tags(pq, *spec.codec, spec.format.pixel_format);
    spec.hdr.mastering = parse_mastering_display(
        "G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,50)", "mastering-display");
    spec.hdr.light = ContentLightLevel{1000, 400};
    spec.encoder_options = encoder_options(job, spec);
    Counters counters;
    run_movie(std::move(source), nullptr, spec, ProgressMode::None, counters, nullptr);

    ProbedStream stream;
    probe(dir / file, stream);
    CHECK(stream.primaries == AVCOL_PRI_BT2020);
    CHECK(stream.transfer == AVCOL_TRC_SMPTE2084);
    CHECK(stream.matrix == AVCOL_SPC_BT2020_NCL);
    REQUIRE(stream.display != nullptr);
    CHECK(av_q2d(stream.display->display_primaries[0][0]) == Approx(0.68).margin(1e-4));
    CHECK(av_q2d(stream.display->max_luminance) == Approx(1000));
    REQUIRE(stream.light != nullptr);
    CHECK(stream.light->MaxCLL == 1000);
    CHECK(stream.light->MaxFALL == 400);
  }
  fs::remove_all(dir);
}
