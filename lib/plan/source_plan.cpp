#include "plan/source_plan.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "system/error.hpp"
#include "naming/frame_pattern.hpp"
#include "plan/output_timing.hpp"

namespace frameout {

namespace {

Rational input_rate(const Job& job) {
  const auto rate = parse_rate(job.text("input-rate"));
  if (!rate)
    throw Error(ExitCode::Usage, fmt::format("--input-rate {}: not a frame rate (use 30, 29.97 or 30000/1001)",
                                             job.text("input-rate")));
  return *rate;
}

void set_size(const Job& job, VideoSourceSpec& spec) {
  const auto [width, height] = job.pair("input-size");
  if (width < 1 || height < 1 || width > 16384 || height > 16384)
    throw Error(ExitCode::Usage, fmt::format("--input-size {}: width and height must be 1 to 16384", job.text("input-size")));
  spec.width = static_cast<int>(width);
  spec.height = static_cast<int>(height);
}

bool is_image_input(const std::string& input) {
  return FramePattern::contains_token(input) || has_image_reader(input);
}

void set_sequence(const Job& job, VideoSourceSpec& spec) {
  spec.kind = VideoSourceSpec::Kind::Images;
  if (const std::string frames = job.text("frames"); !frames.empty()) spec.frames = frames;
  spec.missing = *parse_missing_frames(job.text("missing-frames"));
}

// The rate of an image sequence without --input-rate whose files store none: what farm renders mostly are.
constexpr Rational kSequenceRate{24, 1};

}  // namespace

void note_input_rate(const VideoSourceSpec& spec, const StreamInfo& info) {
  if (!spec.rate_from_files) return;
  if (info.rate_stored)
    spdlog::info("--input \"{}\": read at {} fps, the rate its files store (--input-rate overrides it)", spec.input,
                 info.rate.value());
  else
    spdlog::info("--input \"{}\": read at {} fps, as its files store no rate and --input-rate is not given",
                 spec.input, info.rate.value());
}

bool live_input(const Job& job) {
  const std::string input = job.text("input"), realtime = job.text("realtime");
  const bool ring = input.rfind("shm:", 0) == 0 || input.rfind("gst-shm:", 0) == 0;
  return realtime == "on" || (ring && realtime != "off");
}

VideoSourceSpec plan_video_source(const Job& job) {
  VideoSourceSpec spec;
  spec.read_options.max_pixels = job.integer("max-input-pixels");
  spec.input = job.text("input");
  if (spec.input.empty())
    throw Error(ExitCode::Usage, "--input is required: testpattern, '-' (stdin) or a raw frame file");
  spec.rate = input_rate(job);
  spec.realtime = live_input(job);
  if (spec.input == "testpattern") {
    if (job.given("input-format"))
      throw Error(ExitCode::Usage, "--input-format describes raw input; the test pattern is always rgba8fixed");
    spec.kind = VideoSourceSpec::Kind::TestPattern;
    set_size(job, spec);  // the only input with a default size
    return spec;
  }
  if (spec.input.rfind("shm:", 0) == 0) {
    // The ring describes its stream; described ahead as well, the recording is ready before the producer starts.
    spec.declared = job.given("input-size");
    for (const char* described : {"input-format", "input-rate"})
      if (job.given(described) && !spec.declared)
        throw Error(ExitCode::Usage, fmt::format("--{} describes --input {} ahead only together with --input-size "
                                                 "(the ring itself says what it carries)",
                                                 described, spec.input));
    if (spec.declared) {
      set_size(job, spec);
      spec.raw_format = *find_pixel_format(job.text("input-format"));
    }
    spec.kind = VideoSourceSpec::Kind::Shm;
    spec.input = spec.input.substr(4);
    spec.wait_for_restart = job.text("producer-restart") == "wait";
    if (const std::string fps = job.text("fps"); fps != "input") spec.tick_rate = resolve_output_rate(job, {});
    return spec;
  }
  if (spec.input.rfind("gst-shm:", 0) == 0) {
    // shmsink's buffers are bare pixels: the caps it was given are described here.
    if (!job.given("input-size"))
      throw Error(ExitCode::Usage, fmt::format("--input {} carries bare frames: give their size with --input-size WxH "
                                               "(and --input-format, --input-rate as the sink's caps say)",
                                               spec.input));
    spec.kind = VideoSourceSpec::Kind::GstShm;
    spec.input = spec.input.substr(8);
    set_size(job, spec);
    spec.raw_format = *find_pixel_format(job.text("input-format"));
    if (const std::string fps = job.text("fps"); fps != "input") spec.tick_rate = resolve_output_rate(job, {});
    return spec;
  }
  if (job.given("input-format")) {
    // Raw bytes carry no size: guessing one would silently scramble every frame (ffmpeg's rawvideo asks too).
    if (!job.given("input-size"))
      throw Error(ExitCode::Usage, fmt::format("--input \"{}\" is read as raw {} frames: give their size with "
                                               "--input-size WxH",
                                               spec.input, job.text("input-format")));
    spec.kind = VideoSourceSpec::Kind::Raw;
    set_size(job, spec);
    spec.raw_format = *find_pixel_format(job.text("input-format"));
    return spec;
  }
  if (job.given("input-size"))
    throw Error(ExitCode::Usage, fmt::format("--input-size describes raw frames; \"{}\" is decoded with its own size "
                                             "(give --input-format to read it as raw frames)",
                                             spec.input));
  if (is_image_input(spec.input)) {
    set_sequence(job, spec);
    spec.read_options.exr_layer = job.text("exr-layer");
    // --input-rate's default (60) suits live sources; rendered frames are film or the rate they were rendered at.
    if (!job.given("input-rate")) {
      spec.rate = kSequenceRate;
      spec.rate_from_files = true;
    }
    return spec;
  }
  if (job.given("frames")) throw Error(ExitCode::Usage, "--frames selects frames of an image-sequence --input");
  spec.kind = VideoSourceSpec::Kind::Decode;
  spec.retime = job.given("input-rate");
  return spec;
}

VideoSourceSpec plan_layer_source(const Job& job, const std::string& input, const std::string& param, Rational rate) {
  if (input == "-" || input == "testpattern" || input.rfind("shm:", 0) == 0 || input.rfind("gst-shm:", 0) == 0)
    throw Error(ExitCode::Usage, fmt::format("--{} {}: an additional input is an image, an image sequence pattern "
                                             "or a movie file",
                                             param, input));
  VideoSourceSpec spec;
  spec.read_options.max_pixels = job.integer("max-input-pixels");
  spec.input = input;
  spec.param = "--" + param;
  spec.rate = rate;
  if (FramePattern::contains_token(input)) {
    set_sequence(job, spec);
  } else if (has_image_reader(input)) {
    spec.kind = VideoSourceSpec::Kind::Images;  // a single still is one image whatever --frames says
  } else {
    spec.kind = VideoSourceSpec::Kind::Decode;
  }
  return spec;
}

AudioSourceSpec plan_audio_source(const Job& job, const std::string& param) {
  AudioSourceSpec spec;
  spec.input = job.text(param);
  spec.param = "--" + param;
  // A stop-frame movie is made of frames added one by one: no stretch of sound goes with one.
  if (param == "audiochop" && job.text("type") == "stopframemovie")
    throw Error(ExitCode::Usage, "--audiochop: --type stopframemovie records added frames only, with no sound track; "
                                 "record a movie (--type movie) with --pause on and addframe to keep the sound of each "
                                 "added frame");
  if (spec.input.empty())
    throw Error(ExitCode::Usage, fmt::format("{} is required: tone, '-' (stdin), a raw PCM file or a media file",
                                             spec.param));
  const int64_t rate = job.integer("audio-rate"), channels = job.integer("audio-channels");
  if (rate < 1000 || rate > 768000) throw Error(ExitCode::Usage, fmt::format("--audio-rate {} must be 1000 to 768000 Hz", rate));
  if (channels < 1 || channels > 16) throw Error(ExitCode::Usage, fmt::format("--audio-channels {} must be 1 to 16", channels));
  spec.rate = static_cast<int>(rate);
  spec.channels = static_cast<int>(channels);
  if (spec.input == "tone") {
    spec.kind = AudioSourceSpec::Kind::Tone;
    spec.tone_frequency = job.real("tone-frequency");
    if (!(spec.tone_frequency > 0) || spec.tone_frequency >= rate / 2.0)
      throw Error(ExitCode::Usage, fmt::format("--tone-frequency {} must be above 0 and below half the sample rate",
                                               job.text("tone-frequency")));
    spec.tone_level = job.real("tone-level");
    return spec;
  }
  if (spec.input.rfind("shm:", 0) == 0) {
    for (const char* described : {"audio-format", "audio-rate", "audio-channels"})
      if (job.given(described))
        throw Error(ExitCode::Usage, fmt::format("--{} describes raw PCM; {} {} is described by its producer",
                                                 described, spec.param, spec.input));
    spec.kind = AudioSourceSpec::Kind::Shm;
    spec.input = spec.input.substr(4);
    spec.wait_for_restart = job.text("producer-restart") == "wait";
    return spec;
  }
  if (job.given("audio-format")) {
    spec.kind = AudioSourceSpec::Kind::Raw;
    spec.raw_format = *parse_sample_format(job.text("audio-format"));
    return spec;
  }
  for (const char* raw_only : {"audio-rate", "audio-channels"})
    if (job.given(raw_only))
      throw Error(ExitCode::Usage, fmt::format("--{} describes raw PCM; give --audio-format too, or leave it out for "
                                               "media files, which carry their own",
                                               raw_only));
  spec.kind = AudioSourceSpec::Kind::Decode;
  return spec;
}

}  // namespace frameout
