#include "formats/video_codecs.hpp"

#include <fmt/format.h>

#include "media/libav.hpp"

namespace frameout {

namespace {

const std::vector<VideoCodec>& catalog() {
  static const std::vector<VideoCodec> codecs = {
      {"prores", "Apple ProRes", "prores_ks", {"proxy", "lt", "standard", "hq", "4444", "4444xq"},
       {"yuv422", "rgb", "rgba"}, {"mov", "mkv"}, true, false, false},
      {"h264", "H.264 (libx264)", "libx264", {}, {"yuv420", "yuv422", "yuv444"}, {"mp4", "mov", "mkv"}, false, true,
       false},
      {"h264nvgpu", "H.264 (NVIDIA NVENC)", "h264_nvenc", {}, {"yuv420", "yuv444"}, {"mp4", "mov", "mkv"}, false,
       true, true},
      {"mjpa", "Photo/Motion JPEG", "mjpeg", {}, {"yuv420", "yuv422"}, {"mov", "mkv"}, true, true, false},
      {"rle", "Animation (QuickTime RLE)", "qtrle", {}, {"rgb", "rgba"}, {"mov"}, false, false, false},
      {"hap", "Hap", "hap", {"hap", "hapalpha", "hapq"}, {"rgb", "rgba"}, {"mov"}, true, false, false},
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

std::span<const VideoCodec> codec_catalog() { return catalog(); }

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
