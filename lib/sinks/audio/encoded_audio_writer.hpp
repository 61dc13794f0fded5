#pragma once
// MP3 files (libmp3lame, constant bit rate, ID3v2 tags) written through libavcodec / libavformat.
// Ogg Vorbis has its own writer (ogg_vorbis_writer.hpp).

#include <memory>
#include <string>

#include "sinks/audio/audio_encoder.hpp"
#include "sinks/audio/audio_file_writer.hpp"

struct AVFormatContext;

namespace frameout {

//! Sample rates MP3 can store; other rates are resampled to the closest one.
bool mp3_supports_rate(int rate);

//! An audio file compressed by a libav encoder.
class EncodedAudioWriter : public AudioFileWriter {
 public:
  //! `muxer` ("mp3") and `encoder` ("libmp3lame").
  EncodedAudioWriter(std::string muxer, std::string encoder, AudioFileOptions options);
  ~EncodedAudioWriter() override;
  EncodedAudioWriter(const EncodedAudioWriter&) = delete;
  EncodedAudioWriter& operator=(const EncodedAudioWriter&) = delete;

  void open(const std::filesystem::path& path, int rate, int channels) override;
  void write(const AudioBlock& block) override;
  void close() override;
  std::vector<std::string> unsupported_metadata() const override { return {}; }

 private:
  void write_packets();
  Error failure(const std::string& what, int rc) const;

  std::string muxer_name_;
  std::string encoder_name_;
  AudioFileOptions options_;
  std::filesystem::path path_;
  AVFormatContext* format_ = nullptr;
  std::unique_ptr<AudioEncoder> encoder_;
  std::vector<AvPacketPtr> packets_;
};

}  // namespace frameout
