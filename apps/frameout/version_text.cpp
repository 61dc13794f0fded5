#include "version_text.hpp"

#include <cstdio>
#include <string_view>

#include <fmt/format.h>

extern "C" {
#include <jpeglib.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}
#include <OpenEXR/openexr_base.h>
#include <png.h>
#include <tiffio.h>
#include <vorbis/codec.h>

#include "formats/video_codecs.hpp"
#include "frameout_build_version.hpp"

namespace frameout {

namespace {

// libav packs major.minor.micro into one int (AV_VERSION_INT).
std::string libav_version(unsigned packed) {
  return fmt::format("{}.{}.{}", AV_VERSION_MAJOR(packed), AV_VERSION_MINOR(packed), AV_VERSION_MICRO(packed));
}

// libtiff's version text is a banner; its first line names the version.
std::string_view first_line(std::string_view text) { return text.substr(0, text.find('\n')); }

std::string encoder_lines() {
  std::string available, unavailable;
  for (const VideoCodec& codec : video_codecs()) {
    const Availability a = codec_availability(codec);
    if (a.available) available += fmt::format(" {}", codec.token);
    else unavailable += fmt::format(" {}", codec.token);
  }
  std::string out = fmt::format("video encoders available:{}\n", available);
  if (!unavailable.empty()) out += fmt::format("video encoders unavailable:{} (see 'frameout codecs')\n", unavailable);
  return out;
}

}  // namespace

std::string version_text() {
  const std::string_view describe = FRAMEOUT_GIT_DESCRIBE;
  std::string out = fmt::format("frameout {}{}\n", FRAMEOUT_PROJECT_VERSION,
                                describe.empty() ? "" : fmt::format(" ({})", describe));
  // Runtime versions where the library reports one: the shared objects loaded may be newer than the headers.
  out += fmt::format("FFmpeg {}: libavcodec {}, libavformat {}, libavutil {}, libswscale {}, libswresample {}\n",
                     av_version_info(), libav_version(avcodec_version()), libav_version(avformat_version()),
                     libav_version(avutil_version()), libav_version(swscale_version()),
                     libav_version(swresample_version()));
  int exr_major = 0, exr_minor = 0, exr_patch = 0;
  const char* exr_extra = nullptr;
  exr_get_library_version(&exr_major, &exr_minor, &exr_patch, &exr_extra);
  out += fmt::format("OpenEXR {}.{}.{}{}\n", exr_major, exr_minor, exr_patch, exr_extra != nullptr ? exr_extra : "");
  out += fmt::format("libpng {}\n", png_get_libpng_ver(nullptr));
  out += fmt::format("{}\n", first_line(TIFFGetVersion()));
  // libjpeg's API has no version call: this is the libjpeg-turbo frameout was compiled against.
  out += fmt::format("libjpeg-turbo {}.{}.{} (build time)\n", LIBJPEG_TURBO_VERSION_NUMBER / 1000000,
                     LIBJPEG_TURBO_VERSION_NUMBER / 1000 % 1000, LIBJPEG_TURBO_VERSION_NUMBER % 1000);
  out += fmt::format("{}\n", vorbis_version_string());
  out += encoder_lines();
  return out;
}

}  // namespace frameout
