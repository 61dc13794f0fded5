#include "sinks/movie/video_encoder.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

extern "C" {
#include <libavutil/opt.h>
}

#include "sinks/movie/cineform_encoder.hpp"
#include "sinks/movie/gif_encoder.hpp"
#include "sinks/movie/hap_encoder.hpp"
#include "sinks/movie/hdr_side_data.hpp"
#include "sinks/movie/qtrle_encoder.hpp"

namespace frameout {

namespace {

// The value of the libav option `name` the plan sets ("" when it sets none): frameout's own encoders read
// the settings libavcodec's encoder was opened (and checked) with.
std::string option_value(const EncoderOptions& options, std::string_view name) {
  const auto found = std::find_if(options.begin(), options.end(), [&](const auto& o) { return o.first == name; });
  return found != options.end() ? found->second : std::string();
}

}  // namespace

VideoEncoder::VideoEncoder(const MovieSpec& plan, std::string output_name)
    : plan_(plan), output_name_(std::move(output_name)) {}

VideoEncoder::~VideoEncoder() {
  // SVT-AV1 waits forever for its threads when freed with frames in flight (a failed or interrupted run):
  // drain it first and drop what comes out.
  if (!opened_ || flushed_ || !plan_.codec->flush_before_free) return;
  try {
    std::vector<AvPacketPtr> discarded;
    flush(discarded);
  } catch (const Error&) {
    // The run has failed already; the encoder is freed either way.
  }
}

// Once only, from whichever thread needs it first: a live recording opens encoder and file before the first
// frame (Stall for File Open) while the encoding thread may already have one.
void VideoEncoder::open() {
  std::call_once(open_once_, [this] { open_now(); });
}

void VideoEncoder::open_now() {
  const AVCodec* codec = avcodec_find_encoder_by_name(std::string(plan_.codec->encoder).c_str());
  context_.reset(avcodec_alloc_context3(codec));
  AVCodecContext* c = context_.get();
  c->width = plan_.format.width;
  c->height = plan_.format.height;
  c->pix_fmt = plan_.format.pixel_format;
  c->time_base = {static_cast<int>(plan_.fps.den), static_cast<int>(plan_.fps.num)};
  c->framerate = {static_cast<int>(plan_.fps.num), static_cast<int>(plan_.fps.den)};
  c->sample_aspect_ratio = {1, 1};
  c->color_primaries = plan_.format.colour.primaries;
  c->color_trc = plan_.format.colour.transfer;
  c->colorspace = plan_.format.colour.matrix;
  c->color_range = plan_.format.colour.range;
  c->thread_count = plan_.encoder_threads;
  c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;  // mov, mp4 and matroska all keep codec headers out of band
  if (plan_.deterministic) c->flags |= AV_CODEC_FLAG_BITEXACT;

  if (plan_.codec->own_encoder == OwnEncoder::Gif) {
    // Wholly frameout's own (libavcodec's gif encoder takes one palette): the context only describes the
    // stream to the muxer, whose clock is 1/100 s.
    c->codec_id = AV_CODEC_ID_GIF;
    c->time_base = {1, 100};
    own_ = make_own_encoder();
    opened_ = true;
    return;
  }
  AVDictionary* options = nullptr;
  for (const auto& [name, value] : plan_.encoder_options) {
    spdlog::debug("encoder option {}={}", name, value);
    av_dict_set(&options, name.c_str(), value.c_str(), 0);
  }
  const int rc = avcodec_open2(c, codec, &options);
  // Every option we set must have been used: a leftover means a parameter would be silently ignored.
  const AVDictionaryEntry* leftover = av_dict_get(options, "", nullptr, AV_DICT_IGNORE_SUFFIX);
  const std::string leftover_name = leftover != nullptr ? leftover->key : "";
  av_dict_free(&options);
  if (rc < 0)
    throw Error(ExitCode::Unavailable, fmt::format("cannot open the {} encoder ({}) for \"{}\": {}", plan_.codec->token,
                                                   plan_.codec->encoder, output_name_, av_error_text(rc)));
  if (!leftover_name.empty())
    throw Error(ExitCode::Unavailable, fmt::format("the {} encoder did not accept option '{}' for \"{}\"",
                                                   plan_.codec->encoder, leftover_name, output_name_));
  own_ = make_own_encoder();
  opened_ = true;
}

// frameout's own encoder for the plan, set up with the settings the libav context was opened (and checked)
// with; null when libavcodec's encoder codes the frames.
std::unique_ptr<OwnVideoEncoder> VideoEncoder::make_own_encoder() const {
  const int width = plan_.format.width, height = plan_.format.height;
  switch (plan_.codec->own_encoder) {
    case OwnEncoder::None:
      return nullptr;
    case OwnEncoder::Gif:
      return std::make_unique<GifEncoder>(width, height,
                                          AVRational{static_cast<int>(plan_.fps.den), static_cast<int>(plan_.fps.num)});
    case OwnEncoder::Qtrle:
      return std::make_unique<QtrleEncoder>(width, height, plan_.format.pixel_format == AV_PIX_FMT_ARGB ? 4 : 3,
                                            context_->gop_size);
    case OwnEncoder::HapDxt1:
      // Hap's DXT1 texture is frameout's own; Hap Alpha and Hap Q stay with libavcodec's encoder.
      if (plan_.codec_type != "hap") return nullptr;
      return std::make_unique<HapEncoder>(width, height, option_value(plan_.encoder_options, "compressor") != "none");
    case OwnEncoder::Cineform: {
      const std::string quality = option_value(plan_.encoder_options, "quality");
      return std::make_unique<CineformEncoder>(width, height, plan_.format.pixel_format,
                                               quality.empty() ? 0 : std::stoi(quality));
    }
  }
  return nullptr;
}

Error VideoEncoder::out_of_memory(int64_t pts) const {
  return Error(ExitCode::Output, fmt::format("out of memory encoding frame {} for \"{}\"", pts, output_name_));
}

void VideoEncoder::encode(AVFrame* frame, std::vector<AvPacketPtr>& packets) {
  open();
  if (own_) {
    // GIF's packets come one frame late (a frame's disposal depends on the next) or not at all (a frame
    // that shows nothing new).
    try {
      if (AvPacketPtr packet = own_->encode(*frame)) packets.push_back(std::move(packet));
    } catch (const std::bad_alloc&) {
      throw out_of_memory(frame->pts);
    }
    return;
  }
  // Encoders that write HDR10 metadata read it from the frames (the options carry it for those that do not).
  if (!plan_.hdr.empty() && !set_hdr_side_data(*frame, plan_.hdr)) throw out_of_memory(frame->pts);
  // MPEG-family encoders (mjpeg) take a fixed quantiser from each frame, not from the context.
  if (context_->flags & AV_CODEC_FLAG_QSCALE) frame->quality = context_->global_quality;
  if (int rc = avcodec_send_frame(context_.get(), frame); rc < 0)
    throw Error(ExitCode::Output, fmt::format("encoding frame {} for \"{}\" failed: {}", frame->pts, output_name_,
                                              av_error_text(rc)));
  drain(packets);
}

void VideoEncoder::flush(std::vector<AvPacketPtr>& packets) {
  if (!opened_ || flushed_) return;
  flushed_ = true;
  if (own_) {
    try {
      if (AvPacketPtr packet = own_->flush()) packets.push_back(std::move(packet));
    } catch (const std::bad_alloc&) {
      throw Error(ExitCode::Output, fmt::format("out of memory finishing \"{}\"", output_name_));
    }
    return;
  }
  avcodec_send_frame(context_.get(), nullptr);
  drain(packets);
}

void VideoEncoder::drain(std::vector<AvPacketPtr>& packets) {
  while (true) {
    AvPacketPtr packet(av_packet_alloc());
    const int rc = avcodec_receive_packet(context_.get(), packet.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
    if (rc < 0)
      throw Error(ExitCode::Output, fmt::format("encoding for \"{}\" failed: {}", output_name_, av_error_text(rc)));
    packets.push_back(std::move(packet));
  }
}

}  // namespace frameout
