#include "formats/encoder_settings.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

extern "C" {
#include <libavutil/avutil.h>
#include <libavutil/pixdesc.h>
}

#include "system/error.hpp"

namespace frameout {

namespace {

std::string bits_per_second(int64_t kbps) { return std::to_string(kbps * 1000); }

bool constant_rate(const EncoderSettings& s) { return s.bitrate_mode == "constant" || s.bitrate_mode == "constanthq"; }
bool high_quality(const EncoderSettings& s) { return s.bitrate_mode == "constanthq" || s.bitrate_mode == "variablehq"; }

void check_h264_profile(const EncoderSettings& s) {
  if (s.profile == "autoselect") return;
  if (s.lossless)
    throw Error(ExitCode::Usage, fmt::format("--preset lossless needs the High 4:4:4 Predictive profile; set "
                                             "--profile autoselect instead of {}",
                                             s.profile));
  if (s.pixel_format != AV_PIX_FMT_YUV420P)
    throw Error(ExitCode::Usage, fmt::format("--profile {} only holds 4:2:0; use --moviepixelformat yuv420 or "
                                             "--profile autoselect",
                                             s.profile));
  if (s.profile == "baseline" && s.entropy == "cabac")
    throw Error(ExitCode::Usage, "--entropymode cabac is not allowed in --profile baseline (use cavlc or autoselect)");
  if (s.profile == "baseline" && s.max_bframes > 0)
    throw Error(ExitCode::Usage, "--profile baseline has no B-frames; set --maxbframes 0");
}

// Average and peak rates for encoders that take libav's generic b / maxrate / bufsize; quality-driven (nothing
// added) when no average is given.
void add_generic_bit_rate(const EncoderSettings& s, EncoderOptions& o) {
  if (s.average_kbps <= 0) return;
  o.emplace_back("b", bits_per_second(s.average_kbps));
  const int64_t ceiling = constant_rate(s) ? s.average_kbps : s.peak_kbps;
  if (ceiling > 0) {
    o.emplace_back("maxrate", bits_per_second(ceiling));
    o.emplace_back("bufsize", bits_per_second(constant_rate(s) ? ceiling : 2 * ceiling));
  }
}

// libvpx and SVT-AV1: a rate factor on their 0-63 scale from quality, or the generic rates when an average is given.
void add_rate_factor_or_bit_rate(const EncoderSettings& s, EncoderOptions& o) {
  if (s.average_kbps > 0) add_generic_bit_rate(s, o);
  else o.emplace_back("crf", std::to_string(rate_factor_for_quality(s.quality, 4, 63)));
}

// The encoders with an x264-like rate control: the rate factor's option and how each marks constant rate.
enum class RateControl { X264, X265, Nvenc };

// An average rate (constant or variable, capped by the peak) or, without one, a constant rate factor from
// quality, capped by the peak when given. x265's strict CBR is one of its x265-params, which its caller adds.
void add_rate_control(const EncoderSettings& s, EncoderOptions& o, RateControl encoder) {
  if (s.average_kbps > 0) {
    add_generic_bit_rate(s, o);
    if (encoder == RateControl::Nvenc) o.emplace_back("rc", constant_rate(s) ? "cbr" : "vbr");
    if (encoder == RateControl::X264 && constant_rate(s)) o.emplace_back("nal-hrd", "cbr");
    return;
  }
  if (constant_rate(s))
    throw Error(ExitCode::Usage, fmt::format("--bitratemode {} needs --avgbitrate (kb/s) above 0", s.bitrate_mode));
  const int crf = h264_crf_for_quality(s.quality);
  if (encoder == RateControl::Nvenc) {
    o.emplace_back("rc", "vbr");
    o.emplace_back("cq", std::to_string(crf));
  } else {
    o.emplace_back("crf", std::to_string(crf));
  }
  if (s.peak_kbps > 0) {
    o.emplace_back("maxrate", bits_per_second(s.peak_kbps));
    o.emplace_back("bufsize", bits_per_second(2 * s.peak_kbps));
  }
}

// NVENC's rate control for H.265 and AV1, as for H.264.
EncoderOptions nvenc_options(const EncoderSettings& s) {
  EncoderOptions o;
  o.emplace_back("g", std::to_string(s.keyframe_interval));
  o.emplace_back("preset", s.lossless ? "lossless" : high_quality(s) ? "p6" : "p4");
  if (!s.lossless) add_rate_control(s, o, RateControl::Nvenc);
  o.emplace_back("bf", std::to_string(s.max_bframes));
  return o;
}

// libvpx's shared settings: constant quality (a rate factor with no bit-rate cap) unless an average rate is
// given, the "good" deadline at speed 4 (its real-time-capable setting for files), one key frame interval.
EncoderOptions vpx_common_options(const EncoderSettings& s) {
  EncoderOptions o;
  o.emplace_back("g", std::to_string(s.keyframe_interval));
  o.emplace_back("deadline", "good");
  o.emplace_back("cpu-used", "4");
  if (s.lookahead_frames > 0) o.emplace_back("lag-in-frames", std::to_string(s.lookahead_frames));
  add_rate_factor_or_bit_rate(s, o);
  return o;
}

// The HDR10 SEI (or AV1 metadata OBU) settings of x264, x265 and SVT-AV1, which share a layout: the mastering
// display as G(x,y)B(x,y)R(x,y)WP(x,y)L(max,min), the light levels as "cll,fall". SVT-AV1 takes decimals.
std::string hdr_params(const HdrMetadata& hdr, std::string_view display_key, std::string_view light_key,
                       bool decimals) {
  std::string params;
  if (hdr.mastering)
    params = fmt::format("{}={}", display_key,
                         decimals ? svtav1_notation(*hdr.mastering) : x265_notation(*hdr.mastering));
  if (hdr.light)
    params += fmt::format("{}{}={},{}", params.empty() ? "" : ":", light_key, hdr.light->max_cll, hdr.light->max_fall);
  return params;
}

EncoderOptions h264_options(const EncoderSettings& s, bool nvenc) {
  check_h264_profile(s);
  EncoderOptions o;
  o.emplace_back("g", std::to_string(s.keyframe_interval));
  if (nvenc) o.emplace_back("preset", s.lossless ? "lossless" : high_quality(s) ? "p6" : "p4");
  else o.emplace_back("preset", high_quality(s) ? "slow" : "medium");
  if (s.lossless) {
    if (!nvenc) o.emplace_back("qp", "0");
  } else {
    add_rate_control(s, o, nvenc ? RateControl::Nvenc : RateControl::X264);
  }
  if (s.profile != "autoselect") o.emplace_back("profile", s.profile);
  o.emplace_back("bf", std::to_string(s.max_bframes));
  if (s.slices > 0) {
    if (s.slices > s.height / 16)
      throw Error(ExitCode::Usage, fmt::format("--numslices {} must be between 1 and {} for this height", s.slices,
                                               s.height / 16));
    o.emplace_back("slices", std::to_string(s.slices));
  }
  if (s.entropy != "autoselect") o.emplace_back("coder", s.entropy);
  if (!nvenc)
    if (const int subme = subpel_refinement("x264", s.motion_precision); subme >= 0)
      o.emplace_back("subq", std::to_string(subme));
  if (!nvenc && s.lookahead_frames > 0) o.emplace_back("rc-lookahead", std::to_string(s.lookahead_frames));
  if (!nvenc && !s.hdr.empty()) o.emplace_back("x264-params", hdr_params(s.hdr, "mastering-display", "cll", false));
  return o;
}

}  // namespace

int h264_crf_for_quality(double quality) {
  return static_cast<int>(std::lround(5.0 + 40.0 * (1.0 - std::clamp(quality, 0.0, 1.0))));
}

int rate_factor_for_quality(double quality, int best, int worst) {
  return static_cast<int>(std::lround(best + (worst - best) * (1.0 - std::clamp(quality, 0.0, 1.0))));
}

// x264's subme 0 searches whole pixels only and 1-11 refine to quarter pixels; x265's 0 stops at half pixels and
// 1-7 go on to quarter pixels. "quarter" asks for the most refinement short of x264's rate-distortion QP search.
int subpel_refinement(std::string_view encoder, std::string_view precision) {
  const bool x264 = encoder == "x264";
  if (precision == "quarter") return x264 ? 9 : 7;
  if (precision == "half") {
    if (x264) spdlog::warn("--motionpredict half: x264 has no half-pixel-only search; using its lightest sub-pixel one (subme 1)");
    return x264 ? 1 : 0;
  }
  if (precision == "full") {
    if (!x264) spdlog::warn("--motionpredict full: x265 always refines to half pixels; using its lightest search (subme 0)");
    return 0;
  }
  return -1;
}

int mjpeg_qscale_for_quality(double quality) {
  return static_cast<int>(std::lround(1.0 + 30.0 * (1.0 - std::clamp(quality, 0.0, 1.0))));
}

EncoderOptions prores_options(const EncoderSettings& s) {
  // Apple's vendor id: some players only trust files that carry it.
  return {{"profile", s.codec_type}, {"vendor", "apl0"}};
}

EncoderOptions x264_options(const EncoderSettings& s) { return h264_options(s, false); }

EncoderOptions nvenc_h264_options(const EncoderSettings& s) { return h264_options(s, true); }

EncoderOptions x265_options(const EncoderSettings& s) {
  EncoderOptions o;
  o.emplace_back("g", std::to_string(s.keyframe_interval));
  o.emplace_back("bf", std::to_string(s.max_bframes));
  o.emplace_back("preset", high_quality(s) ? "slow" : "medium");
  // x265 prints a banner and statistics on stderr by default; frameout's log is the place for messages.
  std::string params = "log-level=error";
  if (s.lossless) {
    params += ":lossless=1";
  } else {
    add_rate_control(s, o, RateControl::X265);
    if (s.average_kbps > 0 && constant_rate(s)) params += ":strict-cbr=1";
  }
  if (s.slices > 0) params += fmt::format(":slices={}", s.slices);
  if (const int subme = subpel_refinement("x265", s.motion_precision); subme >= 0)
    params += fmt::format(":subme={}", subme);
  // x265 wants its look-ahead longer than a run of B-frames.
  if (s.lookahead_frames > 0)
    params += fmt::format(":rc-lookahead={}", std::max(s.lookahead_frames, s.max_bframes + 1));
  // x265's frame threads change its decisions: a fixed count keeps the bytes the same on every machine.
  if (s.deterministic) params += ":pools=2:frame-threads=2";
  if (!s.hdr.empty()) params += fmt::format(":{}", hdr_params(s.hdr, "master-display", "max-cll", false));
  o.emplace_back("x265-params", params);
  return o;
}

EncoderOptions nvenc_hevc_options(const EncoderSettings& s) { return nvenc_options(s); }

EncoderOptions nvenc_av1_options(const EncoderSettings& s) { return nvenc_options(s); }

EncoderOptions svtav1_options(const EncoderSettings& s) {
  EncoderOptions o;
  o.emplace_back("g", std::to_string(s.keyframe_interval));
  // Preset 8 of SVT-AV1's 0 (slowest) .. 13: the speed its authors suggest for files made faster than real time.
  o.emplace_back("preset", high_quality(s) ? "6" : "8");
  add_rate_factor_or_bit_rate(s, o);
  std::string params = hdr_params(s.hdr, "mastering-display", "content-light", true);
  if (s.lookahead_frames > 0) params += fmt::format("{}lookahead={}", params.empty() ? "" : ":", s.lookahead_frames);
  if (!params.empty()) o.emplace_back("svtav1-params", params);
  return o;
}

EncoderOptions vp8_options(const EncoderSettings& s) {
  EncoderOptions o = vpx_common_options(s);
  // VP8's constant quality needs a rate ceiling; one no real stream reaches leaves the quality in charge.
  if (s.average_kbps <= 0) o.emplace_back("b", bits_per_second(1000000));
  // VP8 cannot code alpha with alternate reference frames (libvpx refuses the pair).
  if (s.pixel_format == AV_PIX_FMT_YUVA420P) o.emplace_back("auto-alt-ref", "0");
  return o;
}

EncoderOptions vp9_options(const EncoderSettings& s) {
  EncoderOptions o = vpx_common_options(s);
  if (s.average_kbps <= 0) o.emplace_back("b", "0");  // constant quality: no rate target at all
  o.emplace_back("row-mt", "1");                       // rows in parallel: both cores even at small sizes
  return o;
}

EncoderOptions cineform_options(const EncoderSettings& s) {
  // cfhd's 13 levels run from film3+ (0, best) to low (12).
  return {{"quality", std::to_string(static_cast<int>(std::lround(12.0 * (1.0 - std::clamp(s.quality, 0.0, 1.0)))))}};
}

EncoderOptions mpeg4_options(const EncoderSettings& s) {
  EncoderOptions o;
  o.emplace_back("g", std::to_string(s.keyframe_interval));
  o.emplace_back("bf", std::to_string(s.max_bframes));
  if (s.average_kbps > 0) {
    add_generic_bit_rate(s, o);
    return o;
  }
  const int q = mjpeg_qscale_for_quality(s.quality);
  o.emplace_back("flags", "+qscale");
  o.emplace_back("global_quality", std::to_string(q * FF_QP2LAMBDA));
  return o;
}

EncoderOptions vvenc_options(const EncoderSettings& s) {
  return {{"qp", std::to_string(rate_factor_for_quality(s.quality, 4, 63))}};
}

EncoderOptions gif_options(const EncoderSettings&) { return {}; }

EncoderOptions mjpeg_options(const EncoderSettings& s) {
  const int q = mjpeg_qscale_for_quality(s.quality);
  return {{"flags", "+qscale"}, {"global_quality", std::to_string(q * FF_QP2LAMBDA)}, {"qmin", "1"}};
}

EncoderOptions qtrle_options(const EncoderSettings& s) { return {{"g", std::to_string(s.keyframe_interval)}}; }

EncoderOptions hap_options(const EncoderSettings& s) {
  const std::string format = s.codec_type == "hapalpha" ? "hap_alpha" : s.codec_type == "hapq" ? "hap_q" : "hap";
  return {{"format", format}, {"compressor", s.secondary_compression ? "snappy" : "none"}};
}

}  // namespace frameout
