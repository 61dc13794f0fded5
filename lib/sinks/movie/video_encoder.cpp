#include "sinks/movie/video_encoder.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

extern "C" {
#include <libavutil/opt.h>
}

#include "sinks/movie/hdr_side_data.hpp"
#include "system/error.hpp"

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
    gif_ = std::make_unique<GifEncoder>(c->width, c->height,
                                        AVRational{static_cast<int>(plan_.fps.den), static_cast<int>(plan_.fps.num)});
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
  if (plan_.codec->own_encoder == OwnEncoder::Qtrle)
    qtrle_ = std::make_unique<QtrleEncoder>(c->width, c->height, c->pix_fmt == AV_PIX_FMT_ARGB ? 4 : 3, c->gop_size);
  // Hap's DXT1 texture is frameout's own; Hap Alpha and Hap Q stay with libavcodec's encoder.
  if (plan_.codec->own_encoder == OwnEncoder::HapDxt1 && plan_.codec_type == "hap") {
    const bool snappy = option_value(plan_.encoder_options, "compressor") != "none";
    hap_ = std::make_unique<HapEncoder>(c->width, c->height, snappy);
  }
  if (plan_.codec->own_encoder == OwnEncoder::Cineform) {
    const std::string quality = option_value(plan_.encoder_options, "quality");
    cineform_ = std::make_unique<CineformEncoder>(c->width, c->height, c->pix_fmt,
                                                  quality.empty() ? 0 : std::stoi(quality));
  }
  opened_ = true;
}

void VideoEncoder::encode(AVFrame* frame, std::vector<AvPacketPtr>& packets) {
  open();
  if (gif_) {
    // A GIF frame's packet comes out with the next frame (its disposal depends on it), or none at all when
    // the frame shows nothing new.
    if (AvPacketPtr packet = gif_->encode(*frame)) packets.push_back(std::move(packet));
    return;
  }
  if (qtrle_ || hap_ || cineform_) {
    AvPacketPtr packet = qtrle_ ? qtrle_->encode(*frame) : hap_ ? hap_->encode(*frame) : cineform_->encode(*frame);
    if (packet == nullptr)
      throw Error(ExitCode::Output, fmt::format("out of memory encoding frame {} for \"{}\"", frame->pts, output_name_));
    packets.push_back(std::move(packet));
    return;
  }
  // Encoders that write HDR10 metadata read it from the frames (the options carry it for those that do not).
  if (!plan_.hdr.empty() && !set_hdr_side_data(*frame, plan_.hdr))
    throw Error(ExitCode::Output, fmt::format("out of memory encoding frame {} for \"{}\"", frame->pts, output_name_));
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
  if (gif_) {
    if (AvPacketPtr packet = gif_->flush()) packets.push_back(std::move(packet));
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
