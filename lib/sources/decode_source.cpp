#include "sources/decode_source.hpp"

#include <fmt/format.h>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include "core/error.hpp"
#include "core/interrupt.hpp"

namespace frameout {

namespace {

Error input_error(const std::string& path, const std::string& what, int rc) {
  return Error(ExitCode::Input, fmt::format("cannot read input \"{}\" (--input): {}{}", path, what,
                                            rc < 0 ? ": " + av_error_text(rc) : ""));
}

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

DecodeSource::DecodeSource(const std::string& path) : path_(path) {
  int rc = avformat_open_input(&format_, path.c_str(), nullptr, nullptr);
  if (rc < 0) throw input_error(path, "not a media file frameout can open", rc);
  rc = avformat_find_stream_info(format_, nullptr);
  if (rc < 0) throw input_error(path, "cannot find its streams", rc);
  const AVCodec* codec = nullptr;
  stream_index_ = av_find_best_stream(format_, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
  if (stream_index_ < 0 || codec == nullptr) throw input_error(path, "it has no video stream frameout can decode", stream_index_);
  const AVStream* stream = format_->streams[stream_index_];
  decoder_.reset(avcodec_alloc_context3(codec));
  avcodec_parameters_to_context(decoder_.get(), stream->codecpar);
  decoder_->thread_count = 0;
  rc = avcodec_open2(decoder_.get(), codec, nullptr);
  if (rc < 0) throw input_error(path, fmt::format("cannot open the {} decoder", codec->name), rc);

  const AVRational rate = stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
  info_.width = decoder_->width;
  info_.height = decoder_->height;
  info_.rate = rate.num > 0 && rate.den > 0 ? Rational{rate.num, rate.den} : Rational{25, 1};
  info_.format = *find_pixel_format(deeper_than_8_bits(decoder_->pix_fmt) ? "rgba16fixed" : "rgba8fixed");
  if (stream->nb_frames > 0) info_.frame_count = stream->nb_frames;
  info_.name = path;
  decoded_.reset(av_frame_alloc());
  packet_.reset(av_packet_alloc());
}

DecodeSource::~DecodeSource() {
  sws_freeContext(sws_);
  avformat_close_input(&format_);
}

StreamInfo DecodeSource::info() const { return info_; }

ReadResult DecodeSource::read(VideoFrame& frame) {
  while (!interrupt_requested()) {
    if (receive(frame)) return ReadResult::Frame;
    if (draining_) return ReadResult::End;
    const int rc = av_read_frame(format_, packet_.get());
    if (rc == AVERROR_EOF) {
      draining_ = true;
      avcodec_send_packet(decoder_.get(), nullptr);
      continue;
    }
    if (rc < 0) throw input_error(path_, fmt::format("reading stopped after frame {}", next_index_), rc);
    if (packet_->stream_index == stream_index_) {
      const int sent = avcodec_send_packet(decoder_.get(), packet_.get());
      if (sent < 0 && sent != AVERROR(EAGAIN))
        throw input_error(path_, fmt::format("frame {} cannot be decoded", next_index_), sent);
    }
    av_packet_unref(packet_.get());
  }
  return ReadResult::End;
}

bool DecodeSource::receive(VideoFrame& frame) {
  const int rc = avcodec_receive_frame(decoder_.get(), decoded_.get());
  if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return false;
  if (rc < 0) throw input_error(path_, fmt::format("frame {} cannot be decoded", next_index_), rc);
  to_rgba(*decoded_, frame);
  av_frame_unref(decoded_.get());
  return true;
}

void DecodeSource::to_rgba(const AVFrame& decoded, VideoFrame& frame) {
  if (decoded.width != info_.width || decoded.height != info_.height)
    throw input_error(path_, fmt::format("frame {} changes size to {}x{}; frameout needs one size per input",
                                         next_index_, decoded.width, decoded.height), 0);
  const bool deep = info_.format.sample == SampleType::U16;
  const AVPixelFormat target = deep ? AV_PIX_FMT_RGBA64LE : AV_PIX_FMT_RGBA;
  sws_ = sws_getCachedContext(sws_, decoded.width, decoded.height, static_cast<AVPixelFormat>(decoded.format),
                              decoded.width, decoded.height, target, SWS_BICUBIC | SWS_ACCURATE_RND, nullptr, nullptr,
                              nullptr);
  if (sws_ == nullptr) throw input_error(path_, "its pixel format cannot be converted to RGBA", 0);
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
