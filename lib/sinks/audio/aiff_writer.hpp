#pragma once
// AIFF files (FORM AIFF, not AIFF-C) of 16/24/32-bit big-endian integer PCM, written directly.

#include <string>
#include <utility>
#include <vector>

#include "sinks/audio/audio_file_writer.hpp"
#include "sinks/audio/pcm_file.hpp"

namespace frameout {

//! Writes .aiff: COMM (channels, frames, sample size, 80-bit extended rate), the text chunks NAME (title),
//! AUTH (artist), "(c) " (copyright) and ANNO (comment, repeatable) known at open(), then SSND with the
//! samples swapped to big-endian. The header sizes are rewritten every limits.header_refresh while recording.
//! AIFF sizes are 32-bit: a block that would take the FORM size past limits.size_field_limit (4 GiB) throws
//! Error(Output) before anything of it is written, and close() still leaves a complete file.
class AiffWriter final : public AudioFileWriter {
 public:
  //! A writer for options.sample_format (S16/S24/S32; F32 throws Error(Usage)).
  explicit AiffWriter(const AudioFileOptions& options, PcmWriterLimits limits = {});
  //! Finalises the header if close() was never called (error paths), ignoring failures.
  ~AiffWriter() override;
  void open(const std::filesystem::path& path, int rate, int channels) override;
  void write(const AudioBlock& block) override;
  void close() override;
  std::vector<std::string> unsupported_metadata() const override { return unsupported_; }

 private:
  HeaderBytes header() const;
  void rewrite_header();

  SampleFormat format_;
  PcmWriterLimits limits_;
  std::vector<std::pair<std::string, std::string>> text_chunks_;  // chunk id, text
  std::vector<std::string> unsupported_;
  PcmFile file_{"AIFF"};
  HeaderClock clock_;
  int rate_ = 0;
  int channels_ = 0;
  uint64_t data_bytes_ = 0;
};

//! An AIFF writer (see AiffWriter); `limits` are for tests.
std::unique_ptr<AudioFileWriter> make_aiff_writer(const AudioFileOptions& options, PcmWriterLimits limits = {});

//! The AIFF text chunk id a metadata key is stored under ("title" -> "NAME", "comment" -> "ANNO"), or "".
std::string aiff_text_chunk_id(std::string_view key);


}  // namespace frameout
