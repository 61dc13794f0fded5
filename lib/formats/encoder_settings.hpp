#pragma once
// The settings-page values a job gives an encoder (quality, key frames, the H.264 page …), typed, and how
// each codec family maps them onto libav encoder options. The README's codec table describes the same mapping.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

extern "C" {
#include <libavutil/pixfmt.h>
}

#include "media/hdr_metadata.hpp"

namespace frameout {

//! The settings-page parameters a codec can have a use for; a given one it has none for is warned about.
enum class Setting : uint32_t {
  Quality = 1u << 0,               //!< quality
  KeyframeInterval = 1u << 1,      //!< keyframeinterval
  BFrames = 1u << 2,               //!< maxbframes
  BitRate = 1u << 3,               //!< bitratemode, avgbitrate, peakbitrate
  Profile = 1u << 4,               //!< profile
  Preset = 1u << 5,                //!< preset
  Slices = 1u << 6,                //!< frameslicing, numslices
  Entropy = 1u << 7,               //!< entropymode
  SecondaryCompression = 1u << 8,  //!< secondarycompression
  MotionPrecision = 1u << 9,       //!< motionpredict
};

//! Setting bits for a descriptor's `settings`.
constexpr uint32_t operator|(Setting a, Setting b) { return static_cast<uint32_t>(a) | static_cast<uint32_t>(b); }
//! Adds a Setting bit to a set of them.
constexpr uint32_t operator|(uint32_t a, Setting b) { return a | static_cast<uint32_t>(b); }

//! The values of a job's settings page, checked for range by planning.
struct EncoderSettings {
  std::string codec_type;            //!< resolved videocodectype ("" when the codec has none)
  AVPixelFormat pixel_format = AV_PIX_FMT_NONE;  //!< what the encoder is handed
  int height = 0;                    //!< pixels (slice limits)
  double quality = 0.5;              //!< 0..1
  int64_t keyframe_interval = 30;    //!< frames between key frames
  int64_t max_bframes = 0;           //!< 0..16
  std::string bitrate_mode = "variable";  //!< constant, variable, constanthq, variablehq
  int64_t average_kbps = 0;          //!< 0: quality-driven
  int64_t peak_kbps = 0;             //!< 0: no ceiling
  std::string profile = "autoselect";  //!< H.264 profile token
  bool lossless = false;             //!< preset lossless
  int64_t slices = 0;                //!< 0: frame slicing off
  std::string entropy = "autoselect";  //!< cabac, cavlc, autoselect
  std::string motion_precision = "default";  //!< motionpredict: default, quarter, half, full
  bool secondary_compression = true;   //!< Hap: snappy
  bool deterministic = false;          //!< the same bytes on every run (fixed encoder threading)
  //! Live takes: the most frames an encoder may hold back to look ahead (0: the encoder's own default). What
  //! the encoder holds is lost if the process is killed, so a live take keeps it to a quarter second.
  int64_t lookahead_frames = 0;
  HdrMetadata hdr;                     //!< written into the bitstream by encoders that take it
};

//! libav encoder options (name, value); every one must be consumed by the encoder.
using EncoderOptions = std::vector<std::pair<std::string, std::string>>;
//! Maps settings onto a codec's encoder options; throws Error(Usage) naming the parameters that conflict.
using OptionBuilder = EncoderOptions (*)(const EncoderSettings&);

//! ProRes (prores_ks): the type picks the profile.
EncoderOptions prores_options(const EncoderSettings& settings);
//! H.264 through libx264.
EncoderOptions x264_options(const EncoderSettings& settings);
//! H.264 through NVENC.
EncoderOptions nvenc_h264_options(const EncoderSettings& settings);
//! H.265 through libx265.
EncoderOptions x265_options(const EncoderSettings& settings);
//! H.265 through NVENC.
EncoderOptions nvenc_hevc_options(const EncoderSettings& settings);
//! AV1 through NVENC (FFmpeg builds that have it).
EncoderOptions nvenc_av1_options(const EncoderSettings& settings);
//! AV1 through SVT-AV1.
EncoderOptions svtav1_options(const EncoderSettings& settings);
//! VP8 through libvpx.
EncoderOptions vp8_options(const EncoderSettings& settings);
//! VP9 through libvpx.
EncoderOptions vp9_options(const EncoderSettings& settings);
//! GoPro CineForm (cfhd): quality picks one of its 13 levels.
EncoderOptions cineform_options(const EncoderSettings& settings);
//! MPEG-4 Part 2: a fixed quantiser from quality, or a bit rate.
EncoderOptions mpeg4_options(const EncoderSettings& settings);
//! H.266/VVC through libvvenc (FFmpeg builds that have it).
EncoderOptions vvenc_options(const EncoderSettings& settings);
//! GIF: frameout's own palette encoder takes no settings.
EncoderOptions gif_options(const EncoderSettings& settings);
//! Motion JPEG: a fixed quantiser from quality.
EncoderOptions mjpeg_options(const EncoderSettings& settings);
//! Animation (QuickTime RLE): key frame interval only.
EncoderOptions qtrle_options(const EncoderSettings& settings);
//! Hap: the type picks the texture format, secondary compression picks snappy.
EncoderOptions hap_options(const EncoderSettings& settings);

//! The x264 constant rate factor used for a quality value (0..1).
int h264_crf_for_quality(double quality);
//! The rate factor on a 0 (best) .. `worst` scale for a quality value (0..1): VP8/VP9, SVT-AV1, VVC.
int rate_factor_for_quality(double quality, int best, int worst);
//! The x264 and x265 `subme` for a motionpredict token (-1: the preset's own); says when the encoder has no exact
//! match for the precision asked for.
int subpel_refinement(std::string_view encoder, std::string_view precision);
//! The JPEG quantiser scale (1 best .. 31) used for a quality value (0..1).
int mjpeg_qscale_for_quality(double quality);

}  // namespace frameout
