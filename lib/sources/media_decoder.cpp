#include "sources/media_decoder.hpp"

#include <algorithm>
#include <climits>

#include <fmt/format.h>

extern "C" {
#include <libavformat/avformat.h>
}

#include "system/error.hpp"
#include "system/interrupt.hpp"

namespace frameout {

MediaDecoder::MediaDecoder(const std::string& path, const std::string& flag, AVMediaType type, int64_t max_pixels)
    : path_(path), flag_(flag) {
  int rc = avformat_open_input(&format_, path.c_str(), nullptr, nullptr);
  if (rc < 0) throw error("not a media file frameout can open", rc);
  // Probing decodes a few pictures under libav's own size check (under 2^28 pixels); the stream's size it
  // finds is then held against `max_pixels`, which the probing decoders cannot be given: refusing a picture
  // there leaves the size unknown.
  if ((rc = avformat_find_stream_info(format_, nullptr)) < 0) throw error("cannot find its streams", rc);
  const AVCodec* codec = nullptr;
  stream_index_ = av_find_best_stream(format_, type, -1, -1, &codec, 0);
  if (stream_index_ < 0 || codec == nullptr)
    throw error(fmt::format("it has no {} stream frameout can decode", av_get_media_type_string(type)), stream_index_);
  decoder_.reset(avcodec_alloc_context3(codec));
  avcodec_parameters_to_context(decoder_.get(), format_->streams[stream_index_]->codecpar);
  // Every decoded frame must have the stream's size (DecodeSource checks), so this bounds every frame.
  if (const int64_t pixels = int64_t{decoder_->width} * decoder_->height; max_pixels > 0 && pixels > max_pixels)
    throw error(fmt::format("frame size {}x{} ({} pixels) is over the limit of {} pixels; raise --max-input-pixels "
                            "to read it",
                            decoder_->width, decoder_->height, pixels, max_pixels),
                0);
  decoder_->thread_count = 0;
  if (max_pixels > 0) decoder_->max_pixels = std::min<int64_t>(max_pixels, INT_MAX);  // libav's option stops there
  if ((rc = avcodec_open2(decoder_.get(), codec, nullptr)) < 0)
    throw error(fmt::format("cannot open the {} decoder", codec->name), rc);
  packet_.reset(av_packet_alloc());
}

MediaDecoder::~MediaDecoder() { avformat_close_input(&format_); }

const AVStream& MediaDecoder::stream() const { return *format_->streams[stream_index_]; }

Error MediaDecoder::error(const std::string& what, int rc) const {
  return Error(ExitCode::Input, fmt::format("cannot read \"{}\" ({}): {}{}", path_, flag_, what,
                                            rc < 0 ? ": " + av_error_text(rc) : ""));
}

bool MediaDecoder::next(AVFrame& frame) {
  av_frame_unref(&frame);
  while (!interrupt_requested()) {
    const int received = avcodec_receive_frame(decoder_.get(), &frame);
    if (received >= 0) return true;
    if (received != AVERROR(EAGAIN)) {
      if (received == AVERROR_EOF) return false;
      throw error("a frame cannot be decoded", received);
    }
    const int rc = av_read_frame(format_, packet_.get());
    if (rc == AVERROR_EOF) {
      if (draining_) return false;
      draining_ = true;
      avcodec_send_packet(decoder_.get(), nullptr);  // the decoder hands out what it still holds
      continue;
    }
    if (rc < 0) throw error("reading stopped", rc);
    if (packet_->stream_index == stream_index_) {
      const int sent = avcodec_send_packet(decoder_.get(), packet_.get());
      if (sent < 0 && sent != AVERROR(EAGAIN)) throw error("a packet cannot be decoded", sent);
    }
    av_packet_unref(packet_.get());
  }
  return false;
}

}  // namespace frameout
