#include <catch2/catch.hpp>

#include "system/error.hpp"
#include "convert/frame_converter.hpp"
#include "formats/audio_codecs.hpp"
#include "formats/containers.hpp"
#include "plan/codec_settings.hpp"
#include "plan/movie_plan.hpp"
#include "params/registry.hpp"

#include <algorithm>

using namespace frameout;
using frameout::params::Command;

namespace {

StreamInfo input(int width, int height, const char* format = "rgba8fixed") {
  return {width, height, *find_pixel_format(format), {30, 1}, std::nullopt, "test"};
}

MovieSpec plan_for(std::initializer_list<std::pair<const char*, const char*>> values, StreamInfo info = input(64, 64)) {
  Job job(Command::Movie);
  for (const auto& [k, v] : values) job.set(k, v);
  return plan_movie(job, info, std::nullopt);
}

ExitCode refusal(std::initializer_list<std::pair<const char*, const char*>> values, StreamInfo info = input(64, 64)) {
  try {
    plan_for(values, info);
  } catch (const Error& e) {
    return e.code();
  }
  return ExitCode::Ok;
}

bool has_option(const MovieSpec& plan, const std::string& name, const std::string& value) {
  for (const auto& [k, v] : plan.encoder_options)
    if (k == name && v == value) return true;
  return false;
}

}  // namespace

TEST_CASE("codec types and pixel formats resolve from the request and the input", "[movie]") {
  auto p = plan_for({{"videocodec", "prores"}, {"file", "a.mov"}});
  CHECK(p.codec_type == "4444");  // rgba input: alpha kept
  CHECK(p.format.pixel_format == AV_PIX_FMT_YUVA444P10LE);
  p = plan_for({{"videocodec", "prores"}, {"file", "a.mov"}}, input(64, 64, "rgb16float"));
  CHECK(p.codec_type == "hq");
  CHECK(p.format.pixel_format == AV_PIX_FMT_YUV422P10LE);
  p = plan_for({{"videocodec", "hap"}, {"videocodectype", "hapq"}, {"moviepixelformat", "rgb"}, {"file", "a"}});
  CHECK(p.file == "a.mov");
  CHECK(has_option(p, "format", "hap_q"));
  p = plan_for({{"videocodec", "h264"}, {"file", "a"}});
  CHECK(p.container == "mp4");
  CHECK(p.format.colour.matrix == AVCOL_SPC_BT709);
  CHECK(p.format.colour.range == AVCOL_RANGE_MPEG);
}

TEST_CASE("codec, container, pixel format and size rules are checked before any file opens", "[movie]") {
  CHECK(refusal({{"videocodec", "prores"}, {"file", "a.mp4"}}) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "hap"}, {"moviecontainer", "mp4"}, {"file", "a"}}) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "rle"}, {"file", "a.mkv"}}) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "h264"}, {"moviecontainer", "mov"}, {"file", "a.mp4"}}) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "h264"}, {"file", "a.avi"}}) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "hap"}, {"file", "a.mov"}}, input(66, 64)) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "h264"}, {"file", "a.mp4"}}, input(65, 64)) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "prores"}, {"videocodectype", "hq"}, {"moviepixelformat", "rgba"}, {"file", "a"}}) ==
        ExitCode::Usage);
  CHECK(refusal({{"videocodec", "h264"}, {"moviepixelformat", "rgba"}, {"file", "a"}}) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "h264"}, {"videocodectype", "hq"}, {"file", "a"}}) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "h264nvgpu"}, {"file", "a.mp4"}}) == ExitCode::Unavailable);
  CHECK(refusal({{"videocodec", "h264"}}) == ExitCode::Usage);  // no --file
}

TEST_CASE("frames larger than the encoder or avcodec_open2 takes are refused while planning", "[movie]") {
  CHECK(refusal({{"videocodec", "h264"}, {"file", "a.mp4"}}, input(16400, 64)) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "vp8"}, {"file", "a.webm"}}, input(16384, 64)) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "svtav1"}, {"file", "a.mp4"}}, input(1024, 8712)) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "mpeg4"}, {"file", "a.mp4"}}, input(8192, 64)) == ExitCode::Usage);
  for (const char* codec : {"prores", "rle", "hap", "mjpa", "cineform"}) {
    INFO(codec);
    CHECK(refusal({{"videocodec", codec}, {"file", "a.mov"}}, input(16384, 16384)) == ExitCode::Usage);
    CHECK_NOTHROW(plan_for({{"videocodec", codec}, {"file", "a.mov"}}, input(16000, 16000)));
  }
  CHECK_NOTHROW(plan_for({{"videocodec", "h264"}, {"file", "a.mp4"}}, input(16384, 64)));
  CHECK_NOTHROW(plan_for({{"videocodec", "mpeg4"}, {"file", "a.mp4"}}, input(8190, 64)));
}

TEST_CASE("length limits count output frames", "[movie]") {
  CHECK(plan_for({{"limitlength", "on"}, {"length", "2"}, {"fps", "30"}, {"file", "a"}}).frame_limit == 60);
  CHECK(plan_for({{"limitlength", "on"}, {"length", "12"}, {"lengthunit", "indices"}, {"file", "a"}}).frame_limit == 12);
  // 30 input frames at 30 fps last one second: 60 output frames at 60 fps.
  CHECK(plan_for({{"limitlength", "on"}, {"length", "30"}, {"lengthunit", "frames"}, {"fps", "60"}, {"file", "a"}})
            .frame_limit == 60);
  CHECK_FALSE(plan_for({{"file", "a"}}).frame_limit);
  CHECK(refusal({{"limitlength", "on"}, {"length", "0"}, {"file", "a"}}) == ExitCode::Usage);
}

TEST_CASE("H.264 settings become encoder options", "[movie]") {
  auto p = plan_for({{"videocodec", "h264"}, {"quality", "0.5"}, {"keyframeinterval", "12"}, {"maxbframes", "2"},
                     {"profile", "main"}, {"entropymode", "cavlc"}, {"frameslicing", "on"}, {"numslices", "2"},
                     {"file", "a"}});
  CHECK(has_option(p, "crf", std::to_string(h264_crf_for_quality(0.5))));
  CHECK(has_option(p, "g", "12"));
  CHECK(has_option(p, "bf", "2"));
  CHECK(has_option(p, "profile", "main"));
  CHECK(has_option(p, "coder", "cavlc"));
  CHECK(has_option(p, "slices", "2"));
  p = plan_for({{"videocodec", "h264"}, {"bitratemode", "constant"}, {"avgbitrate", "5000"}, {"file", "a"}});
  CHECK(has_option(p, "b", "5000000"));
  CHECK(has_option(p, "maxrate", "5000000"));
  CHECK(has_option(p, "nal-hrd", "cbr"));
  p = plan_for({{"videocodec", "h264"}, {"preset", "lossless"}, {"file", "a"}});
  CHECK(has_option(p, "qp", "0"));
  CHECK(refusal({{"videocodec", "h264"}, {"bitratemode", "constant"}, {"file", "a"}}) == ExitCode::Usage);
  CHECK(refusal({{"videocodec", "h264"}, {"preset", "lossless"}, {"profile", "high"}, {"file", "a"}}) ==
        ExitCode::Usage);
  CHECK(refusal({{"videocodec", "h264"}, {"profile", "baseline"}, {"maxbframes", "2"}, {"file", "a"}}) ==
        ExitCode::Usage);
  CHECK(refusal({{"videocodec", "h264"}, {"quality", "1.5"}, {"file", "a"}}) == ExitCode::Usage);
  CHECK(h264_crf_for_quality(1.0) < h264_crf_for_quality(0.0));
  CHECK(mjpeg_qscale_for_quality(1.0) == 1);
}

TEST_CASE("a live take keeps the encoders' look-ahead to a quarter second; a batch job leaves it alone", "[movie]") {
  // The input is 30 fps: a quarter second is 8 frames.
  auto p = plan_for({{"videocodec", "h264"}, {"realtime", "on"}, {"file", "a"}});
  CHECK(has_option(p, "rc-lookahead", "8"));
  p = plan_for({{"videocodec", "h264"}, {"file", "a"}});
  CHECK(std::none_of(p.encoder_options.begin(), p.encoder_options.end(),
                     [](const auto& option) { return option.first == "rc-lookahead"; }));
  p = plan_for({{"videocodec", "vp9"}, {"realtime", "on"}, {"file", "a.webm"}});
  CHECK(has_option(p, "lag-in-frames", "8"));
  p = plan_for({{"videocodec", "h265"}, {"realtime", "on"}, {"maxbframes", "10"}, {"file", "a"}});
  const auto params = std::find_if(p.encoder_options.begin(), p.encoder_options.end(),
                                   [](const auto& option) { return option.first == "x265-params"; });
  REQUIRE(params != p.encoder_options.end());
  CHECK_THAT(params->second, Catch::Contains(":rc-lookahead=11"));  // longer than a run of B-frames
}

TEST_CASE("RGB to YUV uses the BT.709 matrix of the output, not swscale's BT.601 default", "[convert]") {
  const StreamInfo in = input(16, 16);
  OutputFormat out;
  out.pixel_format = AV_PIX_FMT_YUV444P;
  out.width = 16;
  out.height = 16;
  FrameConverter converter(in, out);
  VideoFrame frame{std::vector<uint8_t>(16 * 16 * 4), 16, 16, in.format, 0};
  for (size_t i = 0; i < frame.data.size(); i += 4) {
    frame.data[i] = 255;  // pure red
    frame.data[i + 3] = 255;
  }
  const AvFramePtr yuv = converter.convert(frame);
  // BT.709 limited range: Y = 16 + 219 * 0.2126 = 62.6; BT.601 would give 81.
  CHECK(std::abs(yuv->data[0][0] - 63) <= 1);
  CHECK(std::abs(yuv->data[2][0] - 240) <= 1);  // V = 128 + 112
  CHECK(yuv->colorspace == AVCOL_SPC_BT709);
}

TEST_CASE("the converter averages chroma blocks and scales to 10 bits", "[convert]") {
  const StreamInfo in = input(4, 2);
  VideoFrame frame{std::vector<uint8_t>(4 * 2 * 4, 0), 4, 2, in.format, 0};
  // Left 2x2 block: two white and two black pixels; right block: all white, alpha 0.
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 4; ++x) {
      uint8_t* p = &frame.data[(y * 4 + x) * 4];
      const bool white = x >= 2 || y == 0;
      p[0] = p[1] = p[2] = white ? 255 : 0;
      p[3] = x >= 2 ? 0 : 255;
    }
  OutputFormat out;
  out.width = 4;
  out.height = 2;
  out.pixel_format = AV_PIX_FMT_YUV420P;
  AvFramePtr yuv = FrameConverter(in, out).convert(frame);
  CHECK(yuv->data[0][0] == 235);
  CHECK(yuv->data[0][yuv->linesize[0]] == 16);
  CHECK(yuv->data[1][0] == 128);  // grey has no chroma
  CHECK(yuv->data[2][1] == 128);

  out.pixel_format = AV_PIX_FMT_YUVA444P10LE;
  yuv = FrameConverter(in, out).convert(frame);
  const auto* luma = reinterpret_cast<const uint16_t*>(yuv->data[0]);
  const auto* alpha = reinterpret_cast<const uint16_t*>(yuv->data[3]);
  CHECK(luma[0] == 940);
  CHECK(alpha[0] == 1023);
  CHECK(alpha[3] == 0);
}

TEST_CASE("the params menus' statuses follow the codec descriptors", "[movie]") {
  using params::Status;
  const auto* codecs = params::find_param("videocodec", Command::Movie);
  REQUIRE(codecs != nullptr);
  for (const auto& item : codecs->menu) {
    INFO(item.token);
    CHECK((item.status == Status::Implemented) == (find_codec(item.token) != nullptr));
  }
  for (const auto& codec : video_codecs()) {
    INFO(codec.token);
    CHECK(std::any_of(codecs->menu.begin(), codecs->menu.end(), [&](const auto& i) { return i.token == codec.token; }));
    CHECK(codec.pixel_format(codec.default_pixel_format) != nullptr);
    CHECK((codec.alpha_pixel_format.empty() || codec.pixel_format(codec.alpha_pixel_format) != nullptr));
    CHECK(codec.options != nullptr);
    for (const auto& type : codec.types)
      for (const auto format : type.pixel_formats) CHECK(codec.pixel_format(format) != nullptr);
  }
  auto some_codec_has = [](auto&& has) { return std::any_of(video_codecs().begin(), video_codecs().end(), has); };
  for (const auto& item : params::find_param("videocodectype", Command::Movie)->menu) {
    if (item.token == "auto") continue;
    INFO(item.token);
    CHECK((item.status == Status::Implemented) == some_codec_has([&](const VideoCodec& c) { return c.type(item.token) != nullptr; }));
  }
  for (const auto& item : params::find_param("moviepixelformat", Command::Movie)->menu) {
    if (item.token == "auto") continue;
    INFO(item.token);
    CHECK((item.status == Status::Implemented) ==
          some_codec_has([&](const VideoCodec& c) { return c.pixel_format(item.token) != nullptr; }));
  }
}

TEST_CASE("the audiocodec menu lists the sound-track codec descriptors", "[movie]") {
  const auto* menu = params::find_param("audiocodec", Command::Movie);
  REQUIRE(menu != nullptr);
  REQUIRE(menu->menu.size() == audio_codecs().size());
  for (size_t i = 0; i < audio_codecs().size(); ++i) {
    const AudioCodec& codec = audio_codecs()[i];
    INFO(codec.token);
    CHECK(menu->menu[i].token == codec.token);
    CHECK(menu->menu[i].label == codec.label);
    CHECK(menu->menu[i].status == params::Status::Implemented);
    CHECK(!codec.containers.empty());
    CHECK(std::all_of(codec.containers.begin(), codec.containers.end(),
                      [](std::string_view c) { return find_container(c) != nullptr; }));
  }
}
