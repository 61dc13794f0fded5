#include "sinks/audio/encoded_audio_writer.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libswresample/swresample.h>
}

#include "core/error.hpp"

namespace frameout {

namespace {

constexpr std::array kMp3Rates = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};

int encoder_rate(const std::string& encoder, int rate) {
  if (encoder != "libmp3lame" || mp3_supports_rate(rate)) return rate;
  return rate % 11025 == 0 ? 44100 : 48000;  // stay in the source's rate family
}

}  // namespace

bool mp3_supports_rate(int rate) { return std::find(kMp3Rates.begin(), kMp3Rates.end(), rate) != kMp3Rates.end(); }

EncodedAudioWriter::EncodedAudioWriter(std::string muxer, std::string encoder, AudioFileOptions options)
    : muxer_name_(std::move(muxer)), encoder_name_(std::move(encoder)), options_(std::move(options)) {}

EncodedAudioWriter::~EncodedAudioWriter() {
  if (fifo_ != nullptr) av_audio_fifo_free(fifo_);
  swr_free(&swr_);
  if (format_ != nullptr) {
    if (format_->pb != nullptr) avio_closep(&format_->pb);
    avformat_free_context(format_);
  }
}

Error EncodedAudioWriter::failure(const std::string& what, int rc) const {
  return Error(ExitCode::Output, fmt::format("writing {} of \"{}\" (--file) failed: {}", what, path_.string(),
                                             av_error_text(rc)));
}

void EncodedAudioWriter::open(const std::filesystem::path& path, int rate, int channels) {
  path_ = path;
  input_rate_ = rate;
  input_channels_ = channels;
  const AVCodec* codec = avcodec_find_encoder_by_name(encoder_name_.c_str());
  if (codec == nullptr)
    throw Error(ExitCode::Unavailable, fmt::format("this libavcodec has no {} encoder", encoder_name_));
  int rc = avformat_alloc_output_context2(&format_, nullptr, muxer_name_.c_str(), path.c_str());
  if (rc < 0) throw failure("the container", rc);
  if (options_.deterministic) format_->flags |= AVFMT_FLAG_BITEXACT;
  for (const auto& [key, value] : options_.metadata) av_dict_set(&format_->metadata, key.c_str(), value.c_str(), 0);

  encoder_.reset(avcodec_alloc_context3(codec));
  AVCodecContext* c = encoder_.get();
  c->sample_rate = encoder_rate(encoder_name_, rate);
  av_channel_layout_default(&c->ch_layout, channels);
  c->sample_fmt = AV_SAMPLE_FMT_FLTP;
  c->time_base = {1, c->sample_rate};
  if (encoder_name_ == "libmp3lame") {
    c->bit_rate = static_cast<int64_t>(options_.bitrate_kbps) * 1000;  // lame's default mode is CBR
  } else {
    c->flags |= AV_CODEC_FLAG_QSCALE;  // libvorbis quality mode: -1..10 on the lambda scale
    c->global_quality = static_cast<int>(options_.vorbis_quality * 10.0 * FF_QP2LAMBDA);
  }
  if (format_->oformat->flags & AVFMT_GLOBALHEADER) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (options_.deterministic) c->flags |= AV_CODEC_FLAG_BITEXACT;
  if ((rc = avcodec_open2(c, codec, nullptr)) < 0)
    throw Error(ExitCode::Unavailable, fmt::format("cannot open the {} encoder for \"{}\" ({} Hz, {} channels): {}",
                                                   encoder_name_, path.string(), rate, channels, av_error_text(rc)));

  AVStream* stream = avformat_new_stream(format_, nullptr);
  avcodec_parameters_from_context(stream->codecpar, c);
  stream->time_base = c->time_base;
  AVChannelLayout in_layout;
  av_channel_layout_default(&in_layout, channels);
  if ((rc = swr_alloc_set_opts2(&swr_, &c->ch_layout, c->sample_fmt, c->sample_rate, &in_layout, AV_SAMPLE_FMT_FLT,
                                rate, 0, nullptr)) < 0 ||
      (rc = swr_init(swr_)) < 0)
    throw failure("the sample converter", rc);
  fifo_ = av_audio_fifo_alloc(c->sample_fmt, channels, c->frame_size > 0 ? c->frame_size * 4 : 4096);
  if ((rc = avio_open(&format_->pb, path.c_str(), AVIO_FLAG_WRITE)) < 0) throw failure("the file", rc);
  if ((rc = avformat_write_header(format_, nullptr)) < 0) throw failure("the header", rc);
}

void EncodedAudioWriter::write(const AudioBlock& block) {
  const int in_frames = static_cast<int>(block.frames());
  const int out_capacity = swr_get_out_samples(swr_, in_frames);
  AvFramePtr staging(av_frame_alloc());
  staging->format = encoder_->sample_fmt;
  staging->nb_samples = std::max(out_capacity, 1);
  av_channel_layout_copy(&staging->ch_layout, &encoder_->ch_layout);
  if (int rc = av_frame_get_buffer(staging.get(), 0); rc < 0) throw failure("a buffer", rc);
  const uint8_t* in[1] = {block.data.data()};
  const int converted = swr_convert(swr_, staging->extended_data, staging->nb_samples, in, in_frames);
  if (converted < 0) throw failure("converted samples", converted);
  av_audio_fifo_write(fifo_, reinterpret_cast<void**>(staging->extended_data), converted);
  encode_available(false);
}

void EncodedAudioWriter::encode_available(bool final_block) {
  const int frame_size = encoder_->frame_size > 0 ? encoder_->frame_size : 1024;
  while (av_audio_fifo_size(fifo_) >= frame_size || (final_block && av_audio_fifo_size(fifo_) > 0)) {
    const int n = std::min(frame_size, av_audio_fifo_size(fifo_));
    AvFramePtr frame(av_frame_alloc());
    frame->format = encoder_->sample_fmt;
    frame->nb_samples = n;
    frame->sample_rate = encoder_->sample_rate;
    av_channel_layout_copy(&frame->ch_layout, &encoder_->ch_layout);
    if (int rc = av_frame_get_buffer(frame.get(), 0); rc < 0) throw failure("a buffer", rc);
    av_audio_fifo_read(fifo_, reinterpret_cast<void**>(frame->extended_data), n);
    frame->pts = next_pts_;
    next_pts_ += n;
    send(frame.get());
  }
}

void EncodedAudioWriter::send(AVFrame* frame) {
  int rc = avcodec_send_frame(encoder_.get(), frame);
  if (rc < 0) throw failure("audio", rc);
  AvPacketPtr packet(av_packet_alloc());
  while ((rc = avcodec_receive_packet(encoder_.get(), packet.get())) >= 0) {
    av_packet_rescale_ts(packet.get(), encoder_->time_base, format_->streams[0]->time_base);
    packet->stream_index = 0;
    if ((rc = av_interleaved_write_frame(format_, packet.get())) < 0) throw failure("audio", rc);
  }
  if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF) throw failure("audio", rc);
}

void EncodedAudioWriter::close() {
  // Samples still inside the resampler, then the last partial frame, then the encoder's delay.
  if (swr_get_delay(swr_, encoder_->sample_rate) > 0) {
    AvFramePtr staging(av_frame_alloc());
    staging->format = encoder_->sample_fmt;
    staging->nb_samples = 4096;
    av_channel_layout_copy(&staging->ch_layout, &encoder_->ch_layout);
    av_frame_get_buffer(staging.get(), 0);
    const int flushed = swr_convert(swr_, staging->extended_data, staging->nb_samples, nullptr, 0);
    if (flushed > 0) av_audio_fifo_write(fifo_, reinterpret_cast<void**>(staging->extended_data), flushed);
  }
  encode_available(true);
  send(nullptr);
  int rc = av_write_trailer(format_);
  if (rc < 0) throw failure("the trailer", rc);
  rc = avio_closep(&format_->pb);
  if (rc < 0) throw failure("the end", rc);
}

}  // namespace frameout
