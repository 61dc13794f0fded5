#include "sinks/movie/movie_muxer.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
}

#include "system/error.hpp"
#include "sinks/movie/hdr_side_data.hpp"
#include "sinks/new_file_avio.hpp"
#include "sinks/movie/crash_safe_options.hpp"
#include "sinks/movie/fragment_finaliser.hpp"

namespace frameout {

namespace {

Error write_error(const OutputTarget& target, std::string_view what, int rc) {
  return Error(ExitCode::Output, fmt::format("writing {} of \"{}\" (--file) failed: {}", what,
                                             target.final_path().string(), av_error_text(rc)));
}

std::string iso_now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000000Z", &utc);
  return text;
}

}  // namespace

MovieMuxer::MovieMuxer(const MovieSpec& plan, OutputTarget& target) : plan_(plan), target_(target) {}

MovieMuxer::~MovieMuxer() {
  if (context_ != nullptr) abort();
}

void MovieMuxer::open(const AVCodecContext& video, const AVCodecContext* audio) {
  const std::string temp = target_.temp_path().string();
  int rc = avformat_alloc_output_context2(&context_, nullptr, plan_.muxer.c_str(), temp.c_str());
  if (rc < 0) throw write_error(target_, "the container", rc);
  if (plan_.deterministic) context_->flags |= AVFMT_FLAG_BITEXACT;
  else av_dict_set(&context_->metadata, "creation_time", iso_now().c_str(), 0);
  for (const auto& [key, value] : plan_.metadata) av_dict_set(&context_->metadata, key.c_str(), value.c_str(), 0);

  AVStream* video_stream = avformat_new_stream(context_, nullptr);
  avcodec_parameters_from_context(video_stream->codecpar, &video);
  video_stream->time_base = video.time_base;
  video_stream->avg_frame_rate = video.framerate;
  const std::string_view tag = plan_.codec->quicktime_tag;
  if (!tag.empty() && (plan_.muxer == "mov" || plan_.muxer == "mp4"))
    video_stream->codecpar->codec_tag = MKTAG(tag[0], tag[1], tag[2], tag[3]);
  if (!plan_.timecode.empty()) av_dict_set(&video_stream->metadata, "timecode", plan_.timecode.c_str(), 0);
  if (!add_hdr_side_data(*video_stream, plan_.hdr)) throw write_error(target_, "the HDR metadata", AVERROR(ENOMEM));
  if (audio != nullptr) {
    AVStream* audio_stream = avformat_new_stream(context_, nullptr);
    avcodec_parameters_from_context(audio_stream->codecpar, audio);
    audio_stream->time_base = audio->time_base;
  }

  rc = open_new_file_avio(&context_->pb, target_.temp_path());
  if (rc < 0) {
    avformat_free_context(context_);
    context_ = nullptr;
    throw write_error(target_, "the file", rc);
  }
  AVDictionary* options = nullptr;
  // The colr atom carries the colour tags; mov/mp4 write it only when asked. Metadata keys the muxer has no
  // native atom for go into an `mdta` key list, which ffprobe, MediaInfo and Apple's players read.
  if (plan_.muxer == "mov" || plan_.muxer == "mp4")
    av_dict_set(&options, "movflags", plan_.metadata_as_keys ? "+write_colr+use_metadata_tags" : "+write_colr", 0);
  add_crash_safe_options(plan_.muxer, plan_.fps, plan_.live, &options);
  rc = avformat_write_header(context_, &options);
  av_dict_free(&options);
  if (rc < 0) throw write_error(target_, "the header", rc);
  spdlog::debug("writing \"{}\" as {}", temp, plan_.muxer);
}

void MovieMuxer::write(AVPacket& packet, int stream, AVRational encoder_time_base) {
  packet.stream_index = stream;
  av_packet_rescale_ts(&packet, encoder_time_base, context_->streams[stream]->time_base);
  if (stream == 0) last_video_duration_ = packet.duration;
  packet_bytes_ += packet.size;
  if (int rc = av_interleaved_write_frame(context_, &packet); rc < 0)
    throw write_error(target_, stream == 0 ? "a frame" : "audio", rc);
}

void MovieMuxer::finish() {
  // The gif muxer times each frame by the next one's pts and repeats the previous delay for the last frame
  // unless told how long it lasts.
  if (plan_.muxer == "gif") av_opt_set_int(context_->priv_data, "final_delay", last_video_duration_, 0);
  if (int rc = av_write_trailer(context_); rc < 0) throw write_error(target_, "the trailer", rc);
  const int close_error = close_new_file_avio(&context_->pb);  // the last buffered bytes reach the disk here
  close_file();
  if (close_error < 0) throw write_error(target_, "the end", close_error);
  if (writes_fragments(plan_.muxer)) finalise_fragmented_movie(target_.temp_path(), FinaliseMode::CleanStop);
  target_.commit();
}

void MovieMuxer::abort() {
  close_file();
  target_.discard();
}

// A fragment is held in memory until it is complete, so the file lags the packets by up to a second.
int64_t MovieMuxer::bytes_written() const {
  return context_ != nullptr && context_->pb ? std::max(avio_tell(context_->pb), packet_bytes_) : 0;
}

void MovieMuxer::close_file() {
  if (context_ == nullptr) return;
  close_new_file_avio(&context_->pb);
  avformat_free_context(context_);
  context_ = nullptr;
}

}  // namespace frameout
