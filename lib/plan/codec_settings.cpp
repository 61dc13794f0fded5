#include "plan/codec_settings.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "system/error.hpp"

namespace frameout {

namespace {

//! The settings-page parameters behind each Setting bit.
struct SettingParams {
  Setting setting;
  std::array<std::string_view, 3> params;
};

constexpr std::array<SettingParams, 10> kSettingParams = {{
    {Setting::Quality, {"quality"}},
    {Setting::KeyframeInterval, {"keyframeinterval"}},
    {Setting::BFrames, {"maxbframes"}},
    {Setting::BitRate, {"bitratemode", "avgbitrate", "peakbitrate"}},
    {Setting::Profile, {"profile"}},
    {Setting::Preset, {"preset"}},
    {Setting::Slices, {"frameslicing", "numslices"}},
    {Setting::Entropy, {"entropymode"}},
    {Setting::SecondaryCompression, {"secondarycompression"}},
    {Setting::MotionPrecision, {"motionpredict"}},
}};

std::string_view why_unused(const VideoCodec& codec, Setting setting) {
  if (setting == Setting::Quality && codec.token == "prores") return "the Video Codec Type sets the ProRes data rate";
  if (setting == Setting::Quality) return "the codec has a fixed compression";
  if (setting == Setting::KeyframeInterval && codec.intra_only) return "every frame is a key frame";
  if (setting == Setting::MotionPrecision && codec.needs_gpu) return "FFmpeg's NVENC encoders offer no motion precision";
  if (setting == Setting::MotionPrecision) return "only the H.264 and H.265 software encoders search motion this way";
  return "the codec has no such setting";
}

// A given setting the codec has no use for is said, never silently dropped, with the reason; so is one that
// another setting switches off. Each is settled, so the job-wide check does not say it twice.
void warn_unused(const Job& job, const VideoCodec& codec, const EncoderSettings& s) {
  auto warn = [&](std::string_view name, std::string_view why) {
    if (!job.given(name)) return;
    spdlog::warn("--{} has no effect on {}: {}", name, codec.token, why);
    job.settle(name);
  };
  for (const auto& [setting, params] : kSettingParams)
    if (!codec.uses(setting))
      for (const std::string_view name : params)
        if (!name.empty()) warn(name, why_unused(codec, setting));
  const bool constant = s.bitrate_mode == "constant" || s.bitrate_mode == "constanthq";
  if (codec.uses(Setting::BitRate) && constant) warn("peakbitrate", "a constant bit rate is --avgbitrate throughout");
  if (s.lossless) {
    warn("quality", "--preset lossless stores every frame exactly");
    warn("avgbitrate", "--preset lossless stores every frame exactly");
  }
}

// Reads and range-checks every setting (a bad value is an error even where it would have no effect); the
// codec's option builder takes the ones it has a use for, and warn_unused names the others.
EncoderSettings read_settings(const Job& job, const MovieSpec& plan) {
  EncoderSettings s;
  s.codec_type = plan.codec_type;
  s.pixel_format = plan.format.pixel_format;
  s.height = plan.format.height;
  s.quality = job.real("quality");
  if (s.quality < 0.0 || s.quality > 1.0)
    throw Error(ExitCode::Usage, fmt::format("--quality {} must be between 0 and 1", job.text("quality")));
  s.keyframe_interval = job.integer("keyframeinterval");
  if (s.keyframe_interval < 1)
    throw Error(ExitCode::Usage, fmt::format("--keyframeinterval {} must be at least 1", s.keyframe_interval));
  s.max_bframes = job.integer("maxbframes");
  if (s.max_bframes < 0 || s.max_bframes > 16) throw Error(ExitCode::Usage, "--maxbframes must be between 0 and 16");
  s.bitrate_mode = job.text("bitratemode");
  s.average_kbps = job.integer("avgbitrate");
  s.peak_kbps = job.integer("peakbitrate");
  if (s.average_kbps < 0 || s.peak_kbps < 0)
    throw Error(ExitCode::Usage, "--avgbitrate and --peakbitrate must not be negative");
  if (s.average_kbps > 0 && s.peak_kbps > 0 && s.peak_kbps < s.average_kbps)
    throw Error(ExitCode::Usage, fmt::format("--peakbitrate {} is below --avgbitrate {}", s.peak_kbps, s.average_kbps));
  s.profile = job.text("profile");
  s.lossless = job.text("preset") == "lossless";
  if (job.toggle("frameslicing")) {
    s.slices = job.integer("numslices");
    if (s.slices < 1) throw Error(ExitCode::Usage, fmt::format("--numslices {} must be at least 1", s.slices));
  } else if (plan.codec->uses(Setting::Slices) && job.given("numslices")) {
    spdlog::warn("--numslices has no effect while --frameslicing is off");
    job.settle("numslices");
  }
  s.entropy = job.text("entropymode");
  s.motion_precision = job.text("motionpredict");
  s.secondary_compression = job.toggle("secondarycompression");
  s.deterministic = plan.deterministic;
  s.hdr = plan.hdr;
  if (plan.live) s.lookahead_frames = std::max<int64_t>(1, std::llround(plan.fps.value() / 4.0));
  return s;
}

}  // namespace

EncoderOptions encoder_options(const Job& job, const MovieSpec& plan) {
  const EncoderSettings settings = read_settings(job, plan);
  warn_unused(job, *plan.codec, settings);
  return plan.codec->options(settings);
}

}  // namespace frameout
