#include "plan/movie_plan.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

extern "C" {
#include <libavformat/avformat.h>
}

#include "core/error.hpp"
#include "job/header_table.hpp"
#include "plan/exr_layout.hpp"
#include "plan/held_format.hpp"
#include "plan/audio_track_plan.hpp"
#include "plan/codec_settings.hpp"
#include "plan/container_rules.hpp"
#include "plan/output_timing.hpp"

namespace frameout {

namespace {

bool contains(const std::vector<std::string_view>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string join(const std::vector<std::string_view>& list) {
  std::string out;
  for (auto v : list) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

// The Video Codec Type, with `auto` resolved from the pixel format request.
std::string resolve_type(const VideoCodec& codec, const std::string& requested, const std::string& pixel_format,
                         bool input_alpha) {
  if (codec.types.empty()) {
    if (requested != "auto")
      throw Error(ExitCode::Usage, fmt::format("--videocodectype {}: {} has no codec types; leave it at auto",
                                               requested, codec.token));
    return "";
  }
  if (requested != "auto") {
    if (!contains(codec.types, requested))
      throw Error(ExitCode::Usage, fmt::format("--videocodectype {} does not apply to {}; its types are: {}", requested,
                                               codec.token, join(codec.types)));
    return requested;
  }
  const bool wants_alpha = pixel_format == "rgba" || (pixel_format == "auto" && input_alpha);
  const bool wants_rgb = pixel_format == "rgb" || wants_alpha;
  if (codec.token == "prores") return wants_rgb ? "4444" : "hq";
  return wants_alpha ? "hapalpha" : "hap";  // hap
}

// The moviepixelformat token with `auto` resolved, checked against codec and type.
std::string resolve_pixel_format(const VideoCodec& codec, const std::string& type, const std::string& requested,
                                 bool input_alpha) {
  const bool rgb_type = type == "4444" || type == "4444xq";
  std::string chosen = requested;
  if (requested == "auto") {
    if (codec.token == "prores") chosen = rgb_type ? (input_alpha ? "rgba" : "rgb") : "yuv422";
    else if (codec.token == "hap") chosen = type == "hapalpha" ? "rgba" : "rgb";
    else if (codec.token == "rle") chosen = input_alpha ? "rgba" : "rgb";
    else if (codec.token == "mjpa") chosen = "yuv422";
    else chosen = "yuv420";
  }
  if (!contains(codec.pixel_formats, chosen))
    throw Error(ExitCode::Usage, fmt::format("--moviepixelformat {} is not available for {}; choose one of: {}", chosen,
                                             codec.token, join(codec.pixel_formats)));
  if (codec.token == "prores" && rgb_type != (chosen != "yuv422"))
    throw Error(ExitCode::Usage,
                fmt::format("--moviepixelformat {} does not fit ProRes {}: 4444 and 4444xq take rgb or rgba, the "
                            "other types take yuv422",
                            chosen, type));
  if (codec.token == "hap" && (chosen == "rgba") != (type == "hapalpha"))
    throw Error(ExitCode::Usage,
                fmt::format("--moviepixelformat {} does not fit Hap type {}: only hapalpha stores alpha (use "
                            "--videocodectype hapalpha with rgba, hap or hapq with rgb)",
                            chosen, type));
  return chosen;
}

AVPixelFormat libav_pixel_format(const VideoCodec& codec, const std::string& pixel_format) {
  const std::string_view c = codec.token;
  if (c == "prores") return pixel_format == "rgba" ? AV_PIX_FMT_YUVA444P10LE
                            : pixel_format == "rgb" ? AV_PIX_FMT_YUV444P10LE
                                                    : AV_PIX_FMT_YUV422P10LE;
  if (c == "mjpa") return pixel_format == "yuv420" ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUVJ422P;
  if (c == "rle") return pixel_format == "rgba" ? AV_PIX_FMT_ARGB : AV_PIX_FMT_RGB24;
  if (c == "hap") return AV_PIX_FMT_RGBA;  // the Hap encoder compresses RGBA; the type decides what is stored
  return pixel_format == "yuv444" ? AV_PIX_FMT_YUV444P
         : pixel_format == "yuv422" ? AV_PIX_FMT_YUV422P
                                    : AV_PIX_FMT_YUV420P;
}

void check_size(const VideoCodec& codec, const std::string& pixel_format, int width, int height) {
  // Each rule: the multiple the width and the height must be of.
  auto refuse = [&](int width_multiple, int height_multiple, std::string_view why) {
    const int w = std::max(width_multiple, width / width_multiple * width_multiple);
    const int h = std::max(height_multiple, height / height_multiple * height_multiple);
    throw Error(ExitCode::Usage,
                fmt::format("input size {}x{} (--input-size) cannot be written as {} {}: {} needs the width divisible "
                            "by {} and the height by {}; crop or scale the input to {}x{}",
                            width, height, codec.token, pixel_format, why, width_multiple, height_multiple, w, h));
  };
  if (codec.token == "hap" && (width % 4 || height % 4)) refuse(4, 4, "Hap's 4x4 texture blocks");
  if (pixel_format == "yuv420" && (width % 2 || height % 2)) refuse(2, 2, "4:2:0 chroma subsampling");
  if (pixel_format == "yuv422" && width % 2) refuse(2, 1, "4:2:2 chroma subsampling");
}

ColorTags colour_tags(const Job& job, const VideoCodec& codec, AVPixelFormat pixel_format) {
  ColorTags tags;
  tags.primaries = AVCOL_PRI_BT709;
  tags.transfer = job.text("outputcolorspace") == "rec709" ? AVCOL_TRC_BT709 : AVCOL_TRC_IEC61966_2_1;
  const bool rgb = pixel_format == AV_PIX_FMT_RGBA || pixel_format == AV_PIX_FMT_ARGB || pixel_format == AV_PIX_FMT_RGB24;
  // JPEG fixes its own matrix (BT.601, JFIF): decoders apply it whatever the container says, so mjpa uses it.
  tags.matrix = rgb ? AVCOL_SPC_RGB : codec.token == "mjpa" ? AVCOL_SPC_BT470BG : AVCOL_SPC_BT709;
  // JPEG and RGB codecs store full-range values; ProRes and H.264 use video (limited) range.
  tags.range = rgb || codec.token == "mjpa" ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
  return tags;
}

std::string resolve_timecode(const Job& job, const Rational& fps, const std::string& container) {
  if (!job.given("starttimecode")) return "";
  const std::string tc = job.text("starttimecode");
  int h = 0, m = 0, s = 0, f = 0;
  char sep = ':';
  if (std::sscanf(tc.c_str(), "%2d:%2d:%2d%c%2d", &h, &m, &s, &sep, &f) != 5 || (sep != ':' && sep != ';') ||
      tc.size() != 11 || m > 59 || s > 59 || f >= static_cast<int>(std::ceil(fps.value())))
    throw Error(ExitCode::Usage, fmt::format("--starttimecode {}: expected HH:MM:SS:FF (or HH:MM:SS;FF for drop "
                                             "frame) with FF below the frame rate",
                                             tc));
  if (container != "mov" && container != "mp4")
    throw Error(ExitCode::Usage, fmt::format("--starttimecode needs a mov or mp4 container, not {}", container));
  return tc;
}

// Settings of still-image files are accepted in a movie job (one JSON job may switch --type) but said
// to have no effect. EXR channels are refused: they would be data silently left out.
void check_image_settings(const Job& job) {
  if (const std::string param = first_exr_channel_param(job); !param.empty())
    throw Error(ExitCode::Usage, fmt::format("--{} is an EXR channel setting; movies hold no named or additional "
                                             "channels (use --type image or imagesequence with --imagefiletype exr)",
                                             param));
  for (const auto name : {"imagefiletype", "pointcloud", "exr-compression", "tiff-compression", "png-level",
                          "jpeg-chroma", "mipmaps", "frame", "maxthread"})
    if (job.given(name))
      spdlog::warn("--{} applies to --type image and imagesequence; it has no effect on movies", name);
}

}  // namespace

MovieSpec plan_movie(const Job& job, const StreamInfo& source, const std::optional<AudioInfo>& audio) {
  MovieSpec plan;
  // The stream as the pipeline holds it: the input, in the Common-page `format` when one is given.
  StreamInfo input = source;
  input.format = held_format(job, source.format);
  if (input.format.token != source.format.token) plan.hold_as = input.format;
  const std::string codec_token = job.text("videocodec");
  plan.codec = find_codec(codec_token);
  if (plan.codec == nullptr)
    throw Error(ExitCode::Unavailable, fmt::format("--videocodec {} is not implemented yet in this build", codec_token));
  const VideoCodec& codec = *plan.codec;
  if (const Availability a = codec_availability(codec); !a.available) {
    const std::string hint = codec.token == "h264nvgpu" ? "; use --videocodec h264 for software H.264 (libx264)" : "";
    throw Error(ExitCode::Unavailable, fmt::format("--videocodec {} is not available: {}{}", codec.token, a.reason, hint));
  }

  const bool input_alpha = input.format.has_alpha();
  const std::string requested_pixel_format = job.text("moviepixelformat");
  plan.codec_type = resolve_type(codec, job.text("videocodectype"), requested_pixel_format, input_alpha);
  const std::string pixel_format = resolve_pixel_format(codec, plan.codec_type, requested_pixel_format, input_alpha);
  check_size(codec, pixel_format, input.width, input.height);

  plan.file = job.text("file");
  if (plan.file.empty()) throw Error(ExitCode::Usage, "--file is required: name the movie to write");
  const auto [container, muxer] = resolve_container(codec, job.text("moviecontainer"), plan.file);
  plan.container = container;
  plan.muxer = muxer;

  plan.format.pixel_format = libav_pixel_format(codec, pixel_format);
  plan.format.width = input.width;
  plan.format.height = input.height;
  plan.format.colour = colour_tags(job, codec, plan.format.pixel_format);
  plan.fps = resolve_output_rate(job, input.rate);
  plan.frame_limit = resolve_frame_limit(job, plan.fps, input.rate);
  plan.timecode = resolve_timecode(job, plan.fps, plan.container);
  plan.naming = {job.toggle("uniquesuff"), job.integer("n"), job.toggle("overwrite")};
  plan.deterministic = job.toggle("deterministic");
  if (audio) {
    plan.audio = plan_audio_track(job, plan.container, *audio);
  } else {
    for (const char* name : {"audio-format", "audio-rate", "audio-channels", "audiocodec", "audiobitrate"})
      if (job.given(name))
        throw Error(ExitCode::Usage, fmt::format("--{} describes the sound track; give --audiochop too", name));
  }
  if (const std::string table = job.text("headerdat"); !table.empty()) plan.metadata = read_header_table(table);
  check_image_settings(job);
  plan.encoder_options = encoder_options(job, plan);
  if (codec.intra_only) {
    // Frames are independent: one single-threaded encoder per core, each on whole frames. The bytes do
    // not depend on the worker count.
    plan.frame_workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    plan.encoder_threads = 1;
  } else {
    // A fixed thread count keeps x264's decisions, and so the bytes, the same on every machine.
    plan.encoder_threads = plan.deterministic ? 2 : 0;
  }
  spdlog::debug("plan: {} {} {} in {} ({}), {}x{} at {} fps", codec.token, plan.codec_type, pixel_format,
                plan.container, plan.muxer, input.width, input.height, to_string(plan.fps));
  return plan;
}

}  // namespace frameout
