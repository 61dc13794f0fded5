#include "sinks/audio/encoded_audio_writer.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

extern "C" {
#include <libavformat/avformat.h>
}

#include "sinks/new_file_avio.hpp"

namespace frameout {

namespace {

constexpr std::array kMp3Rates = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};

}  // namespace

bool mp3_supports_rate(int rate) { return std::find(kMp3Rates.begin(), kMp3Rates.end(), rate) != kMp3Rates.end(); }

EncodedAudioWriter::EncodedAudioWriter(std::string muxer, std::string encoder, AudioFileOptions options)
    : muxer_name_(std::move(muxer)), encoder_name_(std::move(encoder)), options_(std::move(options)) {}

EncodedAudioWriter::~EncodedAudioWriter() {
  if (format_ != nullptr) {
    close_new_file_avio(&format_->pb);
    avformat_free_context(format_);
  }
}

Error EncodedAudioWriter::failure(const std::string& what, int rc) const {
  return Error(ExitCode::Output, fmt::format("writing {} of \"{}\" (--file) failed: {}", what, path_.string(),
                                             av_error_text(rc)));
}

void EncodedAudioWriter::open(const std::filesystem::path& path, int rate, int channels) {
  path_ = path;
  int rc = avformat_alloc_output_context2(&format_, nullptr, muxer_name_.c_str(), path.c_str());
  if (rc < 0) throw failure("the container", rc);
  if (options_.deterministic) format_->flags |= AVFMT_FLAG_BITEXACT;
  for (const auto& [key, value] : options_.metadata) av_dict_set(&format_->metadata, key.c_str(), value.c_str(), 0);

  AudioEncoderSettings settings;
  settings.encoder = encoder_name_;
  settings.rate = rate;
  settings.channels = channels;
  settings.bit_rate = int64_t{options_.bitrate_kbps} * 1000;  // lame: CBR
  settings.global_header = (format_->oformat->flags & AVFMT_GLOBALHEADER) != 0;
  settings.deterministic = options_.deterministic;
  settings.output_name = path.string();
  encoder_ = std::make_unique<AudioEncoder>(settings);

  AVStream* stream = avformat_new_stream(format_, nullptr);
  avcodec_parameters_from_context(stream->codecpar, encoder_->context());
  stream->time_base = encoder_->context()->time_base;
  if ((rc = open_new_file_avio(&format_->pb, path)) < 0) throw failure("the file", rc);
  if ((rc = avformat_write_header(format_, nullptr)) < 0) throw failure("the header", rc);
}

void EncodedAudioWriter::write(const AudioBlock& block) {
  encoder_->encode(block, packets_);
  write_packets();
}

void EncodedAudioWriter::write_packets() {
  for (auto& packet : packets_) {
    av_packet_rescale_ts(packet.get(), encoder_->context()->time_base, format_->streams[0]->time_base);
    packet->stream_index = 0;
    if (int rc = av_interleaved_write_frame(format_, packet.get()); rc < 0) throw failure("audio", rc);
  }
  packets_.clear();
}

void EncodedAudioWriter::close() {
  encoder_->flush(packets_);
  write_packets();
  int rc = av_write_trailer(format_);
  if (rc < 0) throw failure("the trailer", rc);
  if ((rc = close_new_file_avio(&format_->pb)) < 0) throw failure("the end", rc);
}

}  // namespace frameout
