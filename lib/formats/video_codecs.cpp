#include "formats/video_codecs.hpp"

#include <fmt/format.h>

#include "media/libav.hpp"

namespace frameout {

namespace {

// The settings-page parameters each family has a use for.
constexpr uint32_t kH264Settings = Setting::Quality | Setting::KeyframeInterval | Setting::BFrames | Setting::BitRate |
                                   Setting::Profile | Setting::Preset | Setting::Slices | Setting::Entropy;
// H.265 has one entropy coder and its own profiles (the page's Profile menu is H.264's).
constexpr uint32_t kH265Settings = Setting::Quality | Setting::KeyframeInterval | Setting::BFrames | Setting::BitRate |
                                   Setting::Preset | Setting::Slices;
constexpr uint32_t kNvencSettings =
    Setting::Quality | Setting::KeyframeInterval | Setting::BFrames | Setting::BitRate | Setting::Preset;
// Quality or an average rate, and the key frame interval: VP8, VP9, SVT-AV1.
constexpr uint32_t kRateSettings = Setting::Quality | Setting::KeyframeInterval | Setting::BitRate;

const std::vector<VideoCodec>& video_codec_table() {
  static const std::vector<VideoCodec> codecs = {
      {.token = "prores",
       .label = "Apple ProRes",
       .encoder = "prores_ks",
       .types = {{"proxy", {"yuv422"}},
                 {"lt", {"yuv422"}},
                 {"standard", {"yuv422"}},
                 {"hq", {"yuv422"}, true},
                 {"4444", {"rgb", "rgba"}, true},
                 {"4444xq", {"rgb", "rgba"}}},
       .pixel_formats = {{"yuv422", AV_PIX_FMT_YUV422P10LE},
                         {"rgb", AV_PIX_FMT_YUV444P10LE},
                         {"rgba", AV_PIX_FMT_YUVA444P10LE}},
       .default_pixel_format = "yuv422",
       .alpha_pixel_format = "rgba",
       .containers = {"mov", "mkv"},
       .intra_only = true,
       .options = &prores_options},
      {.token = "h264",
       .label = "H.264 (libx264)",
       .encoder = "libx264",
       .pixel_formats = {{"yuv420", AV_PIX_FMT_YUV420P}, {"yuv422", AV_PIX_FMT_YUV422P}, {"yuv444", AV_PIX_FMT_YUV444P}},
       .default_pixel_format = "yuv420",
       .containers = {"mp4", "mov", "mkv"},
       .max_width = 16384,
       .max_height = 16384,
       .settings = kH264Settings | Setting::MotionPrecision,
       .options = &x264_options},
      {.token = "h264nvgpu",
       .label = "H.264 (NVIDIA NVENC)",
       .encoder = "h264_nvenc",
       .pixel_formats = {{"yuv420", AV_PIX_FMT_YUV420P}, {"yuv444", AV_PIX_FMT_YUV444P}},
       .default_pixel_format = "yuv420",
       .containers = {"mp4", "mov", "mkv"},
       .needs_gpu = true,
       .software_token = "h264",
       .settings = kH264Settings,
       .options = &nvenc_h264_options},
      {.token = "mjpa",
       .label = "Photo/Motion JPEG",
       .encoder = "mjpeg",
       .pixel_formats = {{"yuv420", AV_PIX_FMT_YUVJ420P}, {"yuv422", AV_PIX_FMT_YUVJ422P}},
       .default_pixel_format = "yuv422",
       .containers = {"mov", "mkv"},
       .max_width = 65500,
       .max_height = 65500,
       .intra_only = true,
       .jpeg_colour = true,
       .settings = static_cast<uint32_t>(Setting::Quality),
       .options = &mjpeg_options},
      {.token = "rle",
       .label = "Animation (QuickTime RLE)",
       .encoder = "qtrle",
       .pixel_formats = {{"rgb", AV_PIX_FMT_RGB24}, {"rgba", AV_PIX_FMT_ARGB}},
       .default_pixel_format = "rgb",
       .alpha_pixel_format = "rgba",
       .containers = {"mov"},
       .settings = static_cast<uint32_t>(Setting::KeyframeInterval),
       .options = &qtrle_options,
       .own_encoder = OwnEncoder::Qtrle},
      // The Hap encoder compresses RGBA whatever is stored; the type decides the texture format.
      {.token = "hap",
       .label = "Hap",
       .encoder = "hap",
       .types = {{"hap", {"rgb"}, true}, {"hapalpha", {"rgba"}, true}, {"hapq", {"rgb"}, false, {"rgba"}}},
       .pixel_formats = {{"rgb", AV_PIX_FMT_RGBA}, {"rgba", AV_PIX_FMT_RGBA}},
       .default_pixel_format = "rgb",
       .alpha_pixel_format = "rgba",
       .containers = {"mov"},
       .width_multiple = 4,
       .height_multiple = 4,
       .size_reason = "Hap's 4x4 texture blocks",
       .intra_only = true,
       .settings = static_cast<uint32_t>(Setting::SecondaryCompression),
       .options = &hap_options,
       .own_encoder = OwnEncoder::HapDxt1},
      {.token = "h265",
       .label = "H.265/HEVC (libx265)",
       .encoder = "libx265",
       .pixel_formats = {{"yuv420", AV_PIX_FMT_YUV420P},
                         {"yuv422", AV_PIX_FMT_YUV422P},
                         {"yuv444", AV_PIX_FMT_YUV444P},
                         {"yuv420p10bit", AV_PIX_FMT_YUV420P10LE},
                         {"yuv444p10bit", AV_PIX_FMT_YUV444P10LE}},
       .default_pixel_format = "yuv420",
       .containers = {"mp4", "mov", "mkv"},
       .settings = kH265Settings | Setting::MotionPrecision,
       .options = &x265_options,
       .quicktime_tag = "hvc1"},  // Apple's players open hvc1 (parameter sets in the sample entry), not hev1
      {.token = "h265nvgpu",
       .label = "H.265/HEVC (NVIDIA NVENC)",
       .encoder = "hevc_nvenc",
       .pixel_formats = {{"yuv420", AV_PIX_FMT_YUV420P},
                         {"yuv444", AV_PIX_FMT_YUV444P},
                         {"yuv420p10bit", AV_PIX_FMT_P010LE},
                         {"yuv444p10bit", AV_PIX_FMT_YUV444P16LE}},
       .default_pixel_format = "yuv420",
       .containers = {"mp4", "mov", "mkv"},
       .needs_gpu = true,
       .software_token = "h265",
       .settings = kNvencSettings,
       .options = &nvenc_hevc_options,
       .quicktime_tag = "hvc1"},
      {.token = "av1",
       .label = "AV1 (NVIDIA NVENC)",
       .encoder = "av1_nvenc",
       .pixel_formats = {{"yuv420", AV_PIX_FMT_YUV420P}, {"yuv420p10bit", AV_PIX_FMT_P010LE}},
       .default_pixel_format = "yuv420",
       .containers = {"mp4", "mkv", "webm"},
       .needs_gpu = true,
       .software_token = "svtav1",
       .settings = kNvencSettings,
       .options = &nvenc_av1_options},
      {.token = "svtav1",
       .label = "AV1 (SVT-AV1, software)",
       .encoder = "libsvtav1",
       .pixel_formats = {{"yuv420", AV_PIX_FMT_YUV420P}, {"yuv420p10bit", AV_PIX_FMT_YUV420P10LE}},
       .default_pixel_format = "yuv420",
       .containers = {"mp4", "mkv", "webm"},
       .width_multiple = 8,
       .height_multiple = 8,
       .min_height = 64,
       .size_reason = "SVT-AV1",
       .max_width = 16384,
       .max_height = 8704,
       .settings = kRateSettings,
       .options = &svtav1_options,
       .flush_before_free = true},
      {.token = "vp8",
       .label = "VP8 (libvpx)",
       .encoder = "libvpx",
       .pixel_formats = {{"yuv420", AV_PIX_FMT_YUV420P}, {"rgba", AV_PIX_FMT_YUVA420P}},
       .default_pixel_format = "yuv420",
       .alpha_pixel_format = "rgba",
       .containers = {"webm", "mkv"},
       .max_width = 16383,
       .max_height = 16383,
       .settings = kRateSettings,
       .options = &vp8_options},
      {.token = "vp9",
       .label = "VP9 (libvpx)",
       .encoder = "libvpx-vp9",
       .pixel_formats = {{"yuv420", AV_PIX_FMT_YUV420P},
                         {"rgba", AV_PIX_FMT_YUVA420P},
                         {"yuv444", AV_PIX_FMT_YUV444P},
                         {"yuv420p10bit", AV_PIX_FMT_YUV420P10LE},
                         {"yuv444p10bit", AV_PIX_FMT_YUV444P10LE}},
       .default_pixel_format = "yuv420",
       .alpha_pixel_format = "rgba",
       .containers = {"webm", "mkv"},
       .max_width = 16384,
       .max_height = 16384,
       .settings = kRateSettings,
       .options = &vp9_options},
      // FFmpeg 5.1's cfhd refuses widths that are not multiples of 16 and heights under 32, and crashes on
      // some heights that are not multiples of 8 (52-55, 57-63, 721 …): such sizes never reach it. Below 48
      // pixels 4:2:2 chroma has too few coarsest-band samples for the wavelet's filters (FFmpeg's decoder
      // refuses 16 and 32).
      {.token = "cineform",
       .label = "GoPro CineForm (cfhd)",
       .encoder = "cfhd",
       .pixel_formats = {{"yuv422", AV_PIX_FMT_YUV422P10LE}, {"rgb", AV_PIX_FMT_GBRP12LE}, {"rgba", AV_PIX_FMT_GBRAP12LE}},
       .default_pixel_format = "yuv422",
       .alpha_pixel_format = "rgba",
       .containers = {"mov", "mkv"},
       .width_multiple = 16,
       .height_multiple = 8,
       .min_width = 48,
       .min_height = 32,
       .size_reason = "CineForm's wavelet bands",
       .intra_only = true,
       .settings = static_cast<uint32_t>(Setting::Quality),
       .options = &cineform_options,
       .own_encoder = OwnEncoder::Cineform},
      {.token = "mpeg4",
       .label = "MPEG-4 Part 2",
       .encoder = "mpeg4",
       .pixel_formats = {{"yuv420", AV_PIX_FMT_YUV420P}},
       .default_pixel_format = "yuv420",
       .containers = {"mp4", "mov", "mkv"},
       .max_width = 8191,
       .max_height = 8191,
       .settings = Setting::Quality | Setting::KeyframeInterval | Setting::BFrames | Setting::BitRate,
       .options = &mpeg4_options},
      // frameout's own one-pass palette encoder (lib/sinks/movie/gif_encoder); "3" is the page's RGB Palette.
      {.token = "gif",
       .label = "GIF (frameout's own palette encoder)",
       .encoder = "gif",
       .pixel_formats = {{"3", AV_PIX_FMT_RGBA}},
       .default_pixel_format = "3",
       .containers = {"gif"},
       .max_width = 65535,
       .max_height = 65535,
       .max_fps = 100,
       .rate_reason = "GIF times frames in whole hundredths of a second",
       .options = &gif_options,
       .own_encoder = OwnEncoder::Gif},
      // No encoder in Debian 12's FFmpeg 5.1: found at run time, so a build that has libvvenc writes it.
      {.token = "vvc",
       .label = "H.266/VVC (libvvenc)",
       .encoder = "libvvenc",
       .pixel_formats = {{"yuv420p10bit", AV_PIX_FMT_YUV420P10LE}},
       .default_pixel_format = "yuv420p10bit",
       .containers = {"mp4", "mkv"},
       .settings = static_cast<uint32_t>(Setting::Quality),
       .options = &vvenc_options},
  };
  return codecs;
}

// A GPU encoder is compiled into Debian's libav but only opens when the driver and a device exist.
Availability try_open(const AVCodec* codec) {
  AvCodecContextPtr context(avcodec_alloc_context3(codec));
  context->width = 256;
  context->height = 256;
  context->pix_fmt = AV_PIX_FMT_YUV420P;
  context->time_base = {1, 30};
  const int previous_level = av_log_get_level();
  av_log_set_level(AV_LOG_QUIET);  // the failed probe is expected on machines without the hardware
  const int rc = avcodec_open2(context.get(), codec, nullptr);
  av_log_set_level(previous_level);
  if (rc < 0) return {false, fmt::format("{} is compiled in but no device opened it ({})", codec->name, av_error_text(rc))};
  return {true, ""};
}

}  // namespace

const CodecPixelFormat* VideoCodec::pixel_format(std::string_view wanted) const {
  for (const auto& f : pixel_formats)
    if (f.token == wanted) return &f;
  return nullptr;
}

const CodecType* VideoCodec::type(std::string_view wanted) const {
  for (const auto& t : types)
    if (t.token == wanted) return &t;
  return nullptr;
}

std::span<const VideoCodec> video_codecs() { return video_codec_table(); }

const VideoCodec* find_codec(std::string_view token) {
  for (const auto& c : video_codec_table())
    if (c.token == token) return &c;
  return nullptr;
}

Availability codec_availability(const VideoCodec& codec) {
  const AVCodec* encoder = avcodec_find_encoder_by_name(std::string(codec.encoder).c_str());
  if (encoder == nullptr) return {false, fmt::format("this libavcodec has no {} encoder", codec.encoder)};
  if (codec.needs_gpu) return try_open(encoder);
  return {true, ""};
}

}  // namespace frameout
