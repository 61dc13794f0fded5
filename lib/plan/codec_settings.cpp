#include "plan/codec_settings.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

extern "C" {
#include <libavutil/avutil.h>
#include <libavutil/pixdesc.h>
}

#include "core/error.hpp"
#include "plan/movie_plan.hpp"

namespace frameout {

namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

// H.264 settings-page parameters; they mean nothing to the other codecs.
constexpr std::string_view kH264Only[] = {"profile", "preset", "bitratemode", "avgbitrate", "peakbitrate",
                                          "maxbframes", "frameslicing", "numslices", "entropymode"};

void warn_unused(const Job& job, const VideoCodec& codec) {
  auto warn = [&](std::string_view name, std::string_view why) {
    if (job.given(name)) spdlog::warn("--{} has no effect on {}: {}", name, codec.token, why);
  };
  if (!codec.uses_quality)
    warn("quality", codec.token == "prores" ? "the Video Codec Type sets the ProRes data rate"
                                            : "the codec has a fixed compression");
  if (codec.intra_only) warn("keyframeinterval", "every frame is a key frame");
  if (codec.token != "h264" && codec.token != "h264nvgpu")
    for (auto name : kH264Only) warn(name, "it is an H.264 setting");
}

std::string kbits(int64_t kb) { return std::to_string(kb * 1000); }

void check_h264_profile(const std::string& profile, const std::string& pixel_format_name, bool lossless,
                        const std::string& entropy) {
  if (profile == "autoselect") return;
  if (lossless)
    throw Error(ExitCode::Usage, fmt::format("--preset lossless needs the High 4:4:4 Predictive profile; set "
                                             "--profile autoselect instead of {}",
                                             profile));
  if (pixel_format_name != "yuv420p")
    throw Error(ExitCode::Usage, fmt::format("--profile {} only holds 4:2:0; use --moviepixelformat yuv420 or "
                                             "--profile autoselect",
                                             profile));
  if (profile == "baseline" && entropy == "cabac")
    throw Error(ExitCode::Usage, "--entropymode cabac is not allowed in --profile baseline (use cavlc or autoselect)");
}

void add_h264_rate_control(const Job& job, Options& o, bool nvenc) {
  const int64_t average = job.integer("avgbitrate"), peak = job.integer("peakbitrate");
  if (average < 0 || peak < 0) throw Error(ExitCode::Usage, "--avgbitrate and --peakbitrate must not be negative");
  const std::string mode = job.text("bitratemode");
  const bool constant = mode == "constant" || mode == "constanthq";
  if (average > 0) {
    if (peak > 0 && peak < average)
      throw Error(ExitCode::Usage, fmt::format("--peakbitrate {} is below --avgbitrate {}", peak, average));
    o.emplace_back("b", kbits(average));
    if (constant) {
      o.emplace_back("maxrate", kbits(average));
      o.emplace_back("bufsize", kbits(average));
      if (nvenc) o.emplace_back("rc", "cbr");
      else o.emplace_back("nal-hrd", "cbr");
    } else {
      if (peak > 0) {
        o.emplace_back("maxrate", kbits(peak));
        o.emplace_back("bufsize", kbits(2 * peak));
      }
      if (nvenc) o.emplace_back("rc", "vbr");
    }
    return;
  }
  if (constant)
    throw Error(ExitCode::Usage, fmt::format("--bitratemode {} needs --avgbitrate (kb/s) above 0", mode));
  // Quality-driven: a constant rate factor, optionally capped by the peak rate.
  const int crf = h264_crf_for_quality(job.real("quality"));
  if (nvenc) {
    o.emplace_back("rc", "vbr");
    o.emplace_back("cq", std::to_string(crf));
  } else {
    o.emplace_back("crf", std::to_string(crf));
  }
  if (peak > 0) {
    o.emplace_back("maxrate", kbits(peak));
    o.emplace_back("bufsize", kbits(2 * peak));
  }
}

void add_h264(const Job& job, const MovieSpec& plan, Options& o, bool nvenc) {
  const std::string profile = job.text("profile"), entropy = job.text("entropymode"), mode = job.text("bitratemode");
  const bool lossless = job.text("preset") == "lossless";
  const bool hq = mode == "constanthq" || mode == "variablehq";
  const std::string pixel_format_name = av_get_pix_fmt_name(plan.format.pixel_format);
  check_h264_profile(profile, pixel_format_name, lossless, entropy);
  if (nvenc) {
    o.emplace_back("preset", lossless ? "lossless" : hq ? "p6" : "p4");
  } else {
    o.emplace_back("preset", hq ? "slow" : "medium");
  }
  if (lossless) {
    if (job.given("avgbitrate") || job.given("quality"))
      spdlog::warn("--preset lossless ignores --quality and --avgbitrate: every frame is stored exactly");
    if (!nvenc) o.emplace_back("qp", "0");
  } else {
    add_h264_rate_control(job, o, nvenc);
  }
  if (profile != "autoselect") o.emplace_back("profile", profile);
  const int64_t bframes = job.integer("maxbframes");
  if (bframes < 0 || bframes > 16) throw Error(ExitCode::Usage, "--maxbframes must be between 0 and 16");
  if (profile == "baseline" && bframes > 0)
    throw Error(ExitCode::Usage, "--profile baseline has no B-frames; set --maxbframes 0");
  o.emplace_back("bf", std::to_string(bframes));
  if (job.toggle("frameslicing")) {
    const int64_t slices = job.integer("numslices");
    if (slices < 1 || slices > plan.format.height / 16)
      throw Error(ExitCode::Usage, fmt::format("--numslices {} must be between 1 and {} for this height", slices,
                                               plan.format.height / 16));
    o.emplace_back("slices", std::to_string(slices));
  }
  if (entropy != "autoselect") o.emplace_back("coder", entropy);
}

}  // namespace

int h264_crf_for_quality(double quality) {
  return static_cast<int>(std::lround(5.0 + 40.0 * (1.0 - std::clamp(quality, 0.0, 1.0))));
}

int mjpeg_qscale_for_quality(double quality) {
  return static_cast<int>(std::lround(1.0 + 30.0 * (1.0 - std::clamp(quality, 0.0, 1.0))));
}

Options encoder_options(const Job& job, const MovieSpec& plan) {
  const VideoCodec& codec = *plan.codec;
  const double quality = job.real("quality");
  if (quality < 0.0 || quality > 1.0)
    throw Error(ExitCode::Usage, fmt::format("--quality {} must be between 0 and 1", job.text("quality")));
  const int64_t gop = job.integer("keyframeinterval");
  if (gop < 1) throw Error(ExitCode::Usage, fmt::format("--keyframeinterval {} must be at least 1", gop));
  warn_unused(job, codec);

  Options o;
  const std::string_view c = codec.token;
  if (c == "prores") {
    o.emplace_back("profile", plan.codec_type);
    o.emplace_back("vendor", "apl0");  // Apple's vendor id: some players only trust files that carry it
  } else if (c == "h264" || c == "h264nvgpu") {
    o.emplace_back("g", std::to_string(gop));
    add_h264(job, plan, o, c == "h264nvgpu");
  } else if (c == "mjpa") {
    const int q = mjpeg_qscale_for_quality(quality);
    o.emplace_back("flags", "+qscale");
    o.emplace_back("global_quality", std::to_string(q * FF_QP2LAMBDA));
    o.emplace_back("qmin", "1");
  } else if (c == "rle") {
    o.emplace_back("g", std::to_string(gop));
  } else if (c == "hap") {
    o.emplace_back("format", plan.codec_type == "hapalpha" ? "hap_alpha" : plan.codec_type == "hapq" ? "hap_q" : "hap");
    o.emplace_back("compressor", job.toggle("secondarycompression") ? "snappy" : "none");
  }
  return o;
}

}  // namespace frameout
