#include "sources/decode_source.hpp"

#include <fmt/format.h>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include "system/error.hpp"

namespace frameout {

namespace {

bool deeper_than_8_bits(AVPixelFormat format) {
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(format);
  return d != nullptr && d->comp[0].depth > 8;
}

// The matrix a YUV source was encoded with: its tag, else the usual guess by size (SD: BT.601).
int source_matrix(const AVFrame& f) {
  switch (f.colorspace) {
    case AVCOL_SPC_BT709: return SWS_CS_ITU709;
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M: return SWS_CS_ITU601;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL: return SWS_CS_BT2020;
    default: return f.height >= 720 ? SWS_CS_ITU709 : SWS_CS_ITU601;
  }
}

}  // namespace

DecodeSource::DecodeSource(const std::string& path, int64_t max_pixels)
    : decoder_(path, "--input", AVMEDIA_TYPE_VIDEO, max_pixels) {
  const AVStream& stream = decoder_.stream();
  const AVRational rate = stream.avg_frame_rate.num > 0 ? stream.avg_frame_rate : stream.r_frame_rate;
  info_.width = decoder_.decoder().width;
  info_.height = decoder_.decoder().height;
  info_.rate = rate.num > 0 && rate.den > 0 ? Rational{rate.num, rate.den} : Rational{25, 1};
  info_.format = *find_pixel_format(deeper_than_8_bits(decoder_.decoder().pix_fmt) ? "rgba16fixed" : "rgba8fixed");
  if (stream.nb_frames > 0) info_.frame_count = stream.nb_frames;
  info_.name = path;
  decoded_.reset(av_frame_alloc());
}

DecodeSource::~DecodeSource() { sws_freeContext(sws_); }

StreamInfo DecodeSource::info() const { return info_; }

ReadResult DecodeSource::read(VideoFrame& frame) {
  if (!decoder_.next(*decoded_)) return ReadResult::End;
  to_rgba(*decoded_, frame);
  return ReadResult::Frame;
}

void DecodeSource::to_rgba(const AVFrame& decoded, VideoFrame& frame) {
  if (decoded.width != info_.width || decoded.height != info_.height)
    throw decoder_.error(fmt::format("frame {} changes size to {}x{}; frameout needs one size per input", next_index_,
                                     decoded.width, decoded.height),
                         0);
  const bool deep = info_.format.sample == SampleType::U16;
  const AVPixelFormat target = deep ? AV_PIX_FMT_RGBA64LE : AV_PIX_FMT_RGBA;
  sws_ = sws_getCachedContext(sws_, decoded.width, decoded.height, static_cast<AVPixelFormat>(decoded.format),
                              decoded.width, decoded.height, target, SWS_BICUBIC | SWS_ACCURATE_RND, nullptr, nullptr,
                              nullptr);
  if (sws_ == nullptr) throw decoder_.error("its pixel format cannot be converted to RGBA", 0);
  // Decode YUV with the matrix and range it was encoded with (swscale would assume BT.601 limited).
  const int* coefficients = sws_getCoefficients(source_matrix(decoded));
  const int full_range = decoded.color_range == AVCOL_RANGE_JPEG ? 1 : 0;
  sws_setColorspaceDetails(sws_, coefficients, full_range, coefficients, 1, 0, 1 << 16, 1 << 16);

  frame.width = info_.width;
  frame.height = info_.height;
  frame.format = info_.format;
  frame.index = next_index_++;
  frame.data.resize(info_.format.frame_bytes(frame.width, frame.height));
  uint8_t* planes[4] = {frame.data.data(), nullptr, nullptr, nullptr};
  const int strides[4] = {frame.width * info_.format.bytes_per_pixel, 0, 0, 0};
  sws_scale(sws_, decoded.data, decoded.linesize, 0, decoded.height, planes, strides);
}

}  // namespace frameout
