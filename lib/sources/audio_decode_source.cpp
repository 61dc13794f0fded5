#include "sources/audio_decode_source.hpp"

#include <algorithm>

#include <fmt/format.h>

extern "C" {
#include <libavformat/avformat.h>
#include <libswresample/swresample.h>
}

#include "system/error.hpp"

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

AudioDecodeSource::AudioDecodeSource(const std::string& path, const std::string& flag)
    : decoder_(path, flag, AVMEDIA_TYPE_AUDIO), from_pipe_(path == "pipe:0") {
  const AVCodecContext& d = decoder_.decoder();
  const AVStream& stream = decoder_.stream();
  info_.rate = d.sample_rate;
  info_.channels = d.ch_layout.nb_channels;
  info_.format = closest_format(d.sample_fmt);
  info_.name = path;
  if (stream.duration > 0) info_.frame_count = av_rescale_q(stream.duration, stream.time_base, AVRational{1, info_.rate});
  if (info_.channels < 1 || info_.channels > 16)
    throw decoder_.error(fmt::format("{} channels (1 to 16 are supported)", info_.channels), 0);
  // Only interleaving (and widening u8 / s64 / double) happens here: rate and channels stay as decoded.
  AVChannelLayout layout{};
  av_channel_layout_copy(&layout, &d.ch_layout);
  int rc = swr_alloc_set_opts2(&swr_, &layout, libav_format(info_.format), info_.rate, &layout, d.sample_fmt,
                               info_.rate, 0, nullptr);
  av_channel_layout_uninit(&layout);
  if (rc < 0 || (rc = swr_init(swr_)) < 0) throw decoder_.error("its samples cannot be converted", rc);
  decoded_.reset(av_frame_alloc());
}

AudioDecodeSource::~AudioDecodeSource() { swr_free(&swr_); }

AudioInfo AudioDecodeSource::info() const { return info_; }

ReadResult AudioDecodeSource::read(AudioBlock& block, int64_t /*max_frames*/) {
  if (!decoder_.next(*decoded_)) return ReadResult::End;
  block.format = info_.format;
  block.channels = info_.channels;
  block.first_frame = next_frame_;
  block.data.resize(static_cast<size_t>(decoded_->nb_samples) * info_.frame_bytes());
  uint8_t* out[1] = {block.data.data()};
  const int converted = swr_convert(swr_, out, decoded_->nb_samples,
                                    const_cast<const uint8_t**>(decoded_->extended_data), decoded_->nb_samples);
  block.data.resize(static_cast<size_t>(std::max(0, converted)) * info_.frame_bytes());
  next_frame_ += std::max(0, converted);
  return ReadResult::Frame;
}

}  // namespace frameout
