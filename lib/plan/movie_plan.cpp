#include "plan/movie_plan.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cmath>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

#include "system/error.hpp"
#include "formats/containers.hpp"
#include "job/header_table.hpp"
#include "plan/exr_layout.hpp"
#include "plan/held_format.hpp"
#include "plan/audio_track_plan.hpp"
#include "plan/codec_settings.hpp"
#include "plan/colour_conversion_plan.hpp"
#include "plan/colour_plan.hpp"
#include "plan/container_rules.hpp"
#include "plan/output_timing.hpp"
#include "plan/source_plan.hpp"

namespace frameout {

namespace {

std::string type_list(const VideoCodec& codec) {
  std::vector<std::string_view> tokens;
  for (const auto& t : codec.types) tokens.push_back(t.token);
  return fmt::format("{}", fmt::join(tokens, ", "));
}

std::string pixel_format_list(const std::vector<std::string_view>& tokens) {
  return fmt::format("{}", fmt::join(tokens, ", "));
}

std::vector<std::string_view> pixel_format_tokens(const VideoCodec& codec) {
  std::vector<std::string_view> tokens;
  for (const auto& f : codec.pixel_formats) tokens.push_back(f.token);
  return tokens;
}

// The Video Codec Type and the moviepixelformat, each with `auto` resolved from the other and from whether
// the input has alpha, then checked against each other.
std::pair<std::string, std::string> resolve_type_and_pixel_format(const VideoCodec& codec, const std::string& type,
                                                                  const std::string& pixel_format, bool input_alpha) {
  const CodecType* chosen_type = nullptr;
  if (type != "auto") {
    chosen_type = codec.type(type);
    if (codec.types.empty())
      throw Error(ExitCode::Usage, fmt::format("--videocodectype {}: {} has no codec types; leave it at auto", type,
                                               codec.token));
    if (chosen_type == nullptr)
      throw Error(ExitCode::Usage, fmt::format("--videocodectype {} does not apply to {}; its types are: {}", type,
                                               codec.token, type_list(codec)));
  }
  std::string chosen = pixel_format;
  if (chosen == "auto") {
    const bool keep_alpha = input_alpha && !codec.alpha_pixel_format.empty();
    const std::string_view wanted = keep_alpha ? codec.alpha_pixel_format : codec.default_pixel_format;
    if (chosen_type == nullptr) {
      chosen = wanted;
    } else {
      const auto& accepted = chosen_type->pixel_formats;
      const bool fits = std::find(accepted.begin(), accepted.end(), wanted) != accepted.end();
      chosen = fits ? wanted : accepted.front();
    }
  }
  if (codec.pixel_format(chosen) == nullptr)
    throw Error(ExitCode::Usage, fmt::format("--moviepixelformat {} is not available for {}; choose one of: {}", chosen,
                                             codec.token, pixel_format_list(pixel_format_tokens(codec))));
  if (codec.types.empty()) return {"", chosen};
  if (chosen_type == nullptr) {
    for (const auto& t : codec.types)
      if (t.automatic && std::find(t.pixel_formats.begin(), t.pixel_formats.end(), chosen) != t.pixel_formats.end())
        chosen_type = &t;
  }
  const auto& planned = chosen_type->planned_formats;
  if (std::find(planned.begin(), planned.end(), chosen) != planned.end())
    throw Error(ExitCode::Unavailable, fmt::format("{} type {} with --moviepixelformat {} is not implemented yet in "
                                                   "this build",
                                                   codec.token, chosen_type->token, chosen));
  const auto& accepted = chosen_type->pixel_formats;
  if (std::find(accepted.begin(), accepted.end(), chosen) == accepted.end())
    throw Error(ExitCode::Usage, fmt::format("--moviepixelformat {} does not fit {} type {}, which takes {}", chosen,
                                             codec.token, chosen_type->token, pixel_format_list(accepted)));
  return {std::string(chosen_type->token), chosen};
}

void check_size(const VideoCodec& codec, const std::string& pixel_format, AVPixelFormat encoder_input, int width,
                int height) {
  // Each rule: the multiple the width and the height must be of.
  auto check = [&](int width_multiple, int height_multiple, std::string_view why) {
    if (width % width_multiple == 0 && height % height_multiple == 0) return;
    const int w = std::max(width_multiple, width / width_multiple * width_multiple);
    const int h = std::max(height_multiple, height / height_multiple * height_multiple);
    throw Error(ExitCode::Usage,
                fmt::format("input size {}x{} (--input-size) cannot be written as {} {}: {} needs the width divisible "
                            "by {} and the height by {}; crop or scale the input to {}x{}",
                            width, height, codec.token, pixel_format, why, width_multiple, height_multiple, w, h));
  };
  if (width < codec.min_width || height < codec.min_height) {
    const bool narrow = width < codec.min_width;
    throw Error(ExitCode::Usage, fmt::format("input size {}x{} (--input-size) cannot be written as {}: {} needs a {} "
                                             "of at least {}; scale the input up",
                                             width, height, codec.token, codec.size_reason, narrow ? "width" : "height",
                                             narrow ? codec.min_width : codec.min_height));
  }
  check(codec.width_multiple, codec.height_multiple, codec.size_reason);
  // The largest frames: the encoder's own bounds, then the one avcodec_open2 holds every encoder to (the check
  // without a pixel format: (width + 128) x (height + 128) under 2^28 pixels; 16384x16384 is just over it).
  if ((codec.max_width > 0 && width > codec.max_width) || (codec.max_height > 0 && height > codec.max_height))
    throw Error(ExitCode::Usage, fmt::format("input size {}x{} (--input-size) is too large for --videocodec {}: {} "
                                             "takes at most {}x{}; scale the input down",
                                             width, height, codec.token, codec.label, codec.max_width,
                                             codec.max_height));
  if (av_image_check_size2(static_cast<unsigned>(width), static_cast<unsigned>(height), INT64_MAX, AV_PIX_FMT_NONE,
                           0, nullptr) < 0)
    throw Error(ExitCode::Usage, fmt::format("input size {}x{} (--input-size) is too large for --videocodec {}: libav "
                                             "takes frames up to (width + 128) x (height + 128) = {} pixels (16255x16255 "
                                             "at most when square); scale the input down",
                                             width, height, codec.token, INT_MAX / 8));
  const AVPixFmtDescriptor* layout = av_pix_fmt_desc_get(encoder_input);
  const int chroma_w = 1 << layout->log2_chroma_w, chroma_h = 1 << layout->log2_chroma_h;
  check(chroma_w, chroma_h, chroma_h > 1 ? "4:2:0 chroma subsampling" : "4:2:2 chroma subsampling");
}

// The page's Video Pixel Format offers the 4:2:0 / 4:2:2 subset of Movie Pixel Format: either may name it.
std::string requested_movie_pixel_format(const Job& job) {
  const std::string movie = job.text("moviepixelformat");
  if (!job.given("videopixelformat")) return movie;
  const std::string video = job.text("videopixelformat");
  if (job.given("moviepixelformat") && movie != video)
    throw Error(ExitCode::Usage, fmt::format("--videopixelformat {} and --moviepixelformat {} disagree; give one of "
                                             "them",
                                             video, movie));
  return video;
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

// EXR channels are refused: they would be data silently left out. (Other image settings a movie has no use
// for are warned about after planning, as every unused parameter is.)
void refuse_exr_channels(const Job& job) {
  if (const std::string param = first_exr_channel_param(job); !param.empty())
    throw Error(ExitCode::Usage, fmt::format("--{} is an EXR channel setting; movies hold no named or additional "
                                             "channels (use --type image or imagesequence with --imagefiletype exr)",
                                             param));
}

// headerdat rows as container metadata. A key the container cannot store natively would be dropped by its
// muxer: QuickTime's key list keeps them all; a container with no metadata at all says so.
void plan_metadata(const Job& job, MovieSpec& plan) {
  if (const std::string table = job.text("headerdat"); !table.empty()) plan.metadata = read_header_table(table);
  const Container* holder = find_container(plan.container);
  if (holder->any_metadata_key || plan.metadata.empty()) return;
  if (holder->native_keys.empty()) {
    spdlog::warn("{} files hold no metadata: the --headerdat rows were left out", holder->token);
    plan.metadata.clear();
    return;
  }
  for (const auto& [key, value] : plan.metadata)
    if (std::find(holder->native_keys.begin(), holder->native_keys.end(), key) == holder->native_keys.end())
      plan.metadata_as_keys = true;
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
    const std::string hint =
        codec.software_token.empty() ? "" : fmt::format("; use --videocodec {} (software)", codec.software_token);
    throw Error(ExitCode::Unavailable, fmt::format("--videocodec {} is not available: {}{}", codec.token, a.reason, hint));
  }

  const bool input_alpha = input.format.has_alpha();
  const std::string requested_pixel_format = requested_movie_pixel_format(job);
  const auto [codec_type, pixel_format] =
      resolve_type_and_pixel_format(codec, job.text("videocodectype"), requested_pixel_format, input_alpha);
  plan.codec_type = codec_type;
  const AVPixelFormat encoder_input = codec.pixel_format(pixel_format)->encoder_input;
  check_size(codec, pixel_format, encoder_input, input.width, input.height);

  plan.file = job.text("file");
  if (plan.file.empty()) throw Error(ExitCode::Usage, "--file is required: name the movie to write");
  const auto [container, muxer] = resolve_container(codec, job.text("moviecontainer"), plan.file);
  plan.container = container;
  plan.muxer = muxer;

  plan.format.pixel_format = encoder_input;
  plan.format.width = input.width;
  plan.format.height = input.height;
  plan.format.conversion = plan_colour(job, source.format, false);
  const ColourSpace& space = *plan.format.conversion.to;  // the space the frames are converted into
  plan.format.colour = movie_colour_tags(space, codec, plan.format.pixel_format);
  plan.hdr = plan_hdr_metadata(job, space, *find_container(plan.container));
  plan.fps = resolve_output_rate(job, input.rate);
  if (codec.max_fps > 0 && plan.fps.value() > codec.max_fps)
    throw Error(ExitCode::Usage, fmt::format("a movie rate of {} fps (--fps) cannot be written as {} to \"{}\": {}, so "
                                             "it shows at most {} frames a second; give --fps {} or less",
                                             to_string(plan.fps), codec.token, plan.file.string(), codec.rate_reason,
                                             codec.max_fps, codec.max_fps));
  plan.frame_limit = resolve_frame_limit(job, plan.fps, input.rate);
  plan.timecode = resolve_timecode(job, plan.fps, plan.container);
  plan.naming = {job.toggle("uniquesuff"), job.integer("n"), job.toggle("overwrite")};
  plan.deterministic = job.toggle("deterministic");
  plan.live = live_input(job);
  if (plan.live) plan.stall_for_open = job.toggle("stallforopen");
  if (audio) {
    plan.audio = plan_audio_track(job, plan.container, *audio);
  } else {
    for (const char* name : {"audio-format", "audio-rate", "audio-channels", "audiocodec", "audiobitrate"})
      if (job.given(name))
        throw Error(ExitCode::Usage, fmt::format("--{} describes the sound track; give --audiochop too", name));
  }
  plan_metadata(job, plan);
  refuse_exr_channels(job);
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
