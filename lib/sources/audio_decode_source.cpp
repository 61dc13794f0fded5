#include "sources/audio_decode_source.hpp"

#include <fmt/format.h>

extern "C" {
#include <libavformat/avformat.h>
#include <libswresample/swresample.h>
}

#include "core/error.hpp"
#include "core/interrupt.hpp"

namespace frameout {

namespace {

SampleFormat closest_format(AVSampleFormat f) {
  switch (av_get_packed_sample_fmt(f)) {
    case AV_SAMPLE_FMT_U8:
    case AV_SAMPLE_FMT_S16: return SampleFormat::S16;
    case AV_SAMPLE_FMT_S32:
    case AV_SAMPLE_FMT_S64: return SampleFormat::S32;
    default: return SampleFormat::F32;
  }
}

AVSampleFormat libav_format(SampleFormat f) {
  return f == SampleFormat::S16 ? AV_SAMPLE_FMT_S16 : f == SampleFormat::S32 ? AV_SAMPLE_FMT_S32 : AV_SAMPLE_FMT_FLT;
}

}  // namespace

AudioDecodeSource::AudioDecodeSource(const std::string& path, const std::string& flag) : path_(path), flag_(flag) {
  auto fail = [&](const std::string& what, int rc) {
    return Error(ExitCode::Input, fmt::format("cannot read audio from \"{}\" ({}): {}{}", path, flag, what,
                                              rc < 0 ? ": " + av_error_text(rc) : ""));
  };
  int rc = avformat_open_input(&format_, path.c_str(), nullptr, nullptr);
  if (rc < 0) throw fail("not a media file frameout can open", rc);
  if ((rc = avformat_find_stream_info(format_, nullptr)) < 0) throw fail("cannot find its streams", rc);
  const AVCodec* codec = nullptr;
  stream_index_ = av_find_best_stream(format_, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
  if (stream_index_ < 0 || codec == nullptr) throw fail("it has no audio stream frameout can decode", stream_index_);
  const AVStream* stream = format_->streams[stream_index_];
  decoder_.reset(avcodec_alloc_context3(codec));
  avcodec_parameters_to_context(decoder_.get(), stream->codecpar);
  if ((rc = avcodec_open2(decoder_.get(), codec, nullptr)) < 0) throw fail("cannot open its audio decoder", rc);

  info_.rate = decoder_->sample_rate;
  info_.channels = decoder_->ch_layout.nb_channels;
  info_.format = closest_format(decoder_->sample_fmt);
  info_.name = path;
  if (stream->duration > 0)
    info_.frame_count = av_rescale_q(stream->duration, stream->time_base, AVRational{1, info_.rate});
  if (info_.channels < 1 || info_.channels > 16) throw fail(fmt::format("{} channels (1 to 16 are supported)", info_.channels), 0);

  // Only interleaving (and widening u8 / s64 / double) happens here: rate and channels stay as decoded.
  if ((rc = swr_alloc_set_opts2(&swr_, &decoder_->ch_layout, libav_format(info_.format), info_.rate,
                                &decoder_->ch_layout, decoder_->sample_fmt, info_.rate, 0, nullptr)) < 0 ||
      (rc = swr_init(swr_)) < 0)
    throw fail("its samples cannot be converted", rc);
  decoded_.reset(av_frame_alloc());
  packet_.reset(av_packet_alloc());
}

AudioDecodeSource::~AudioDecodeSource() {
  swr_free(&swr_);
  avformat_close_input(&format_);
}

AudioInfo AudioDecodeSource::info() const { return info_; }

ReadResult AudioDecodeSource::read(AudioBlock& block, int64_t /*max_frames: decoder frames are small already*/) {
  while (!interrupt_requested()) {
    if (receive(block)) return ReadResult::Frame;
    if (draining_) return ReadResult::End;
    const int rc = av_read_frame(format_, packet_.get());
    if (rc == AVERROR_EOF) {
      draining_ = true;
      avcodec_send_packet(decoder_.get(), nullptr);
      continue;
    }
    if (rc < 0)
      throw Error(ExitCode::Input, fmt::format("reading audio from \"{}\" ({}) stopped after {} samples: {}", path_,
                                               flag_, next_frame_, av_error_text(rc)));
    if (packet_->stream_index == stream_index_) avcodec_send_packet(decoder_.get(), packet_.get());
    av_packet_unref(packet_.get());
  }
  return ReadResult::End;
}

bool AudioDecodeSource::receive(AudioBlock& block) {
  if (avcodec_receive_frame(decoder_.get(), decoded_.get()) < 0) return false;
  block.format = info_.format;
  block.channels = info_.channels;
  block.first_frame = next_frame_;
  block.data.resize(static_cast<size_t>(decoded_->nb_samples) * info_.frame_bytes());
  uint8_t* out[1] = {block.data.data()};
  const int converted = swr_convert(swr_, out, decoded_->nb_samples, const_cast<const uint8_t**>(decoded_->extended_data),
                                    decoded_->nb_samples);
  av_frame_unref(decoded_.get());
  block.data.resize(static_cast<size_t>(std::max(0, converted)) * info_.frame_bytes());
  next_frame_ += std::max(0, converted);
  return true;
}

}  // namespace frameout
