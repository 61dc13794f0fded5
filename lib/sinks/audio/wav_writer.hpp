#pragma once
// WAV files of 16/24/32-bit little-endian integer PCM, written directly; RF64 past 4 GiB.

#include <string>
#include <utility>
#include <vector>

#include "sinks/audio/audio_file_writer.hpp"
#include "sinks/audio/pcm_file.hpp"

namespace frameout {

//! Writes .wav: RIFF/WAVE with a 28-byte JUNK chunk reserved after "WAVE" that becomes the "ds64" chunk when
//! the file passes limits.size_field_limit (4 GiB), turning it into RF64 (EBU Tech 3306) in place.
//! WAVE_FORMAT_EXTENSIBLE with a channel mask when channels > 2 or bits > 16, plain PCM otherwise.
//! The header sizes are rewritten every limits.header_refresh while recording; metadata goes into a
//! LIST/INFO chunk after the data at close().
class WavWriter final : public AudioFileWriter {
 public:
  //! A writer for options.sample_format (S16/S24/S32; F32 throws Error(Usage)).
  explicit WavWriter(const AudioFileOptions& options, PcmWriterLimits limits = {});
  //! Finalises the header if close() was never called (error paths), ignoring failures.
  ~WavWriter() override;
  void open(const std::filesystem::path& path, int rate, int channels) override;
  void write(const AudioBlock& block) override;
  void close() override;
  std::vector<std::string> unsupported_metadata() const override { return unsupported_; }
  //! Whether the file has become RF64.
  bool is_rf64() const { return rf64_; }

 private:
  HeaderBytes header() const;
  void rewrite_header();

  SampleFormat format_;
  PcmWriterLimits limits_;
  std::vector<std::pair<std::string, std::string>> info_;  // RIFF INFO id, text
  std::vector<std::string> unsupported_;
  PcmFile file_{"WAV"};
  HeaderClock clock_;
  int rate_ = 0;
  int channels_ = 0;
  uint64_t data_bytes_ = 0;
  bool rf64_ = false;
};

//! A WAV writer (see WavWriter); `limits` are for tests.
std::unique_ptr<AudioFileWriter> make_wav_writer(const AudioFileOptions& options, PcmWriterLimits limits = {});

//! The RIFF INFO id a metadata key is stored under ("title" -> "INAM", "ICMT" -> "ICMT"), or "" when none.
std::string riff_info_id(std::string_view key);

//! The speaker mask WAVE_FORMAT_EXTENSIBLE uses for `channels` (1-8: mono, stereo, 3.0, quad, 5.0, 5.1,
//! 6.1, 7.1; 0 = unassigned beyond).
uint32_t wav_channel_mask(int channels);

}  // namespace frameout
