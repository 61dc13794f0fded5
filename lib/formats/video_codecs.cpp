#include "formats/video_codecs.hpp"

#include <fmt/format.h>

#include "media/libav.hpp"

namespace frameout {

namespace {

// The settings-page parameters each family has a use for.
constexpr uint32_t kH264Settings = Setting::Quality | Setting::KeyframeInterval | Setting::BFrames | Setting::BitRate |
                                   Setting::Profile | Setting::Preset | Setting::Slices | Setting::Entropy;

const std::vector<VideoCodec>& catalog() {
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
       .settings = kH264Settings,
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

std::span<const VideoCodec> video_codecs() { return catalog(); }

const VideoCodec* find_codec(std::string_view token) {
  for (const auto& c : catalog())
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
