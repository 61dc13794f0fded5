#include "sinks/audio/audio_encoder.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

extern "C" {
#include <libavutil/audio_fifo.h>
#include <libswresample/swresample.h>
}

#include "convert/sample_convert.hpp"

namespace frameout {

namespace {

// The encoder's favourite of the sample formats it takes: float first, then the widest integers.
AVSampleFormat pick_sample_format(const AVCodec* codec) {
  if (codec->sample_fmts == nullptr) return AV_SAMPLE_FMT_FLTP;
  for (const AVSampleFormat preferred : {AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_S32P, AV_SAMPLE_FMT_S32,
                                         AV_SAMPLE_FMT_S16P, AV_SAMPLE_FMT_S16})
    for (const AVSampleFormat* f = codec->sample_fmts; *f != AV_SAMPLE_FMT_NONE; ++f)
      if (*f == preferred) return preferred;
  return codec->sample_fmts[0];
}

// The rate the encoder runs at: the input's when it takes it, else the closest it supports.
int pick_rate(const AVCodec* codec, int rate) {
  if (codec->supported_samplerates == nullptr) return rate;
  int best = 0;
  for (const int* r = codec->supported_samplerates; *r != 0; ++r) {
    if (*r == rate) return rate;
    if (best == 0 || std::abs(*r - rate) < std::abs(best - rate)) best = *r;
  }
  return best;
}

AVSampleFormat swr_format(SampleFormat f) {
  return f == SampleFormat::S16 ? AV_SAMPLE_FMT_S16 : f == SampleFormat::F32 ? AV_SAMPLE_FMT_FLT : AV_SAMPLE_FMT_S32;
}

}  // namespace

AudioEncoder::AudioEncoder(const AudioEncoderSettings& settings) : settings_(settings) {
  const AVCodec* codec = avcodec_find_encoder_by_name(settings.encoder.c_str());
  if (codec == nullptr)
    throw Error(ExitCode::Unavailable, fmt::format("this libavcodec has no {} audio encoder", settings.encoder));
  context_.reset(avcodec_alloc_context3(codec));
  AVCodecContext* c = context_.get();
  c->sample_rate = pick_rate(codec, settings.rate);
  av_channel_layout_default(&c->ch_layout, settings.channels);
  c->sample_fmt = pick_sample_format(codec);
  c->time_base = {1, c->sample_rate};
  if (settings.bit_rate > 0) {
    c->bit_rate = settings.bit_rate;
  } else if (settings.quality >= 0) {
    c->flags |= AV_CODEC_FLAG_QSCALE;
    c->global_quality = static_cast<int>(settings.quality * FF_QP2LAMBDA);
  }
  // 24-bit PCM and ALAC carry 24 significant bits in 32-bit samples.
  if (settings.encoder == "pcm_s24le" || settings.encoder == "pcm_s24be") c->bits_per_raw_sample = 24;
  if (settings.global_header) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (settings.deterministic) c->flags |= AV_CODEC_FLAG_BITEXACT;
  if (int rc = avcodec_open2(c, codec, nullptr); rc < 0)
    throw Error(ExitCode::Unavailable, fmt::format("cannot open the {} encoder for \"{}\" ({} Hz, {} channels): {}",
                                                   settings.encoder, settings.output_name, settings.rate,
                                                   settings.channels, av_error_text(rc)));
  fifo_ = av_audio_fifo_alloc(c->sample_fmt, settings.channels, 8192);
}

AudioEncoder::~AudioEncoder() {
  if (fifo_ != nullptr) av_audio_fifo_free(fifo_);
  swr_free(&swr_);
}

Error AudioEncoder::failure(const std::string& what, int rc) const {
  return Error(ExitCode::Output, fmt::format("encoding {} for \"{}\" failed: {}", what, settings_.output_name,
                                             av_error_text(rc)));
}

void AudioEncoder::push_converted(const uint8_t* const* input, int frames) {
  AvFramePtr staging(av_frame_alloc());
  staging->format = context_->sample_fmt;
  staging->nb_samples = std::max(1, swr_get_out_samples(swr_, frames));
  av_channel_layout_copy(&staging->ch_layout, &context_->ch_layout);
  if (int rc = av_frame_get_buffer(staging.get(), 0); rc < 0) throw failure("audio (buffer)", rc);
  const int converted = swr_convert(swr_, staging->extended_data, staging->nb_samples, const_cast<const uint8_t**>(input), frames);
  if (converted < 0) throw failure("audio (conversion)", converted);
  av_audio_fifo_write(fifo_, reinterpret_cast<void**>(staging->extended_data), converted);
}

void AudioEncoder::encode(const AudioBlock& block, std::vector<AvPacketPtr>& packets) {
  // 24-bit input travels as 32-bit (an exact shift) because swresample has no packed 24-bit format.
  const SampleFormat carried = block.format == SampleFormat::S24 ? SampleFormat::S32 : block.format;
  if (swr_ == nullptr || carried != swr_input_) {
    swr_free(&swr_);
    AVChannelLayout layout;
    av_channel_layout_default(&layout, settings_.channels);
    int rc = swr_alloc_set_opts2(&swr_, &context_->ch_layout, context_->sample_fmt, context_->sample_rate, &layout,
                                 swr_format(carried), settings_.rate, 0, nullptr);
    if (rc < 0 || (rc = swr_init(swr_)) < 0) throw failure("audio (converter)", rc);
    swr_input_ = carried;
  }
  const AudioBlock converted = convert_samples(block, carried);
  const uint8_t* input[1] = {converted.data.data()};
  push_converted(input, static_cast<int>(converted.frames()));
  encode_fifo(false, packets);
}

void AudioEncoder::encode_fifo(bool final_block, std::vector<AvPacketPtr>& packets) {
  const int frame_size = context_->frame_size > 0 ? context_->frame_size : 1024;
  while (av_audio_fifo_size(fifo_) >= frame_size || (final_block && av_audio_fifo_size(fifo_) > 0)) {
    const int n = std::min(frame_size, av_audio_fifo_size(fifo_));
    AvFramePtr frame(av_frame_alloc());
    frame->format = context_->sample_fmt;
    frame->nb_samples = n;
    frame->sample_rate = context_->sample_rate;
    av_channel_layout_copy(&frame->ch_layout, &context_->ch_layout);
    if (int rc = av_frame_get_buffer(frame.get(), 0); rc < 0) throw failure("audio (buffer)", rc);
    av_audio_fifo_read(fifo_, reinterpret_cast<void**>(frame->extended_data), n);
    frame->pts = next_pts_;
    next_pts_ += n;
    send(frame.get(), packets);
  }
}

void AudioEncoder::send(AVFrame* frame, std::vector<AvPacketPtr>& packets) {
  int rc = avcodec_send_frame(context_.get(), frame);
  if (rc < 0) throw failure("audio", rc);
  while (true) {
    AvPacketPtr packet(av_packet_alloc());
    rc = avcodec_receive_packet(context_.get(), packet.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
    if (rc < 0) throw failure("audio", rc);
    packets.push_back(std::move(packet));
  }
}

void AudioEncoder::flush(std::vector<AvPacketPtr>& packets) {
  // Samples still inside the resampler, then the last partial frame, then the encoder's delay.
  if (swr_ != nullptr && swr_get_delay(swr_, context_->sample_rate) > 0) push_converted(nullptr, 0);
  encode_fifo(true, packets);
  send(nullptr, packets);
}

}  // namespace frameout
