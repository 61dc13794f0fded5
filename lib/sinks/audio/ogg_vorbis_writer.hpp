#pragma once
// Ogg Vorbis files written with libvorbis and libogg directly (no libav in between).

#include <cstdint>
#include <string>
#include <vector>

#include <ogg/ogg.h>
#include <vorbis/codec.h>

#include "sinks/audio/audio_file_writer.hpp"
#include "sinks/audio/pcm_file.hpp"

namespace frameout {

//! Writes .ogg: one Vorbis stream in quality (VBR) mode, options.metadata as Vorbis comments, and a final
//! granule position equal to the sample frames written.
class OggVorbisWriter final : public AudioFileWriter {
 public:
  //! A writer using options.vorbis_quality, options.metadata and options.deterministic (fixed stream serial).
  explicit OggVorbisWriter(const AudioFileOptions& options);
  //! Frees the encoder without finishing the file (error paths; the caller discards it).
  ~OggVorbisWriter() override;
  OggVorbisWriter(const OggVorbisWriter&) = delete;
  OggVorbisWriter& operator=(const OggVorbisWriter&) = delete;

  void open(const std::filesystem::path& path, int rate, int channels) override;
  void write(const AudioBlock& block) override;
  void close() override;
  //! Keys a Vorbis comment cannot name (outside printable ASCII, or holding '=').
  std::vector<std::string> unsupported_metadata() const override;

 private:
  void encode_ready_blocks();
  void write_pages(bool flush);
  void free_encoder() noexcept;

  AudioFileOptions options_;
  PcmFile file_{"OGG"};
  int channels_ = 0;
  int64_t frames_ = 0;          // sample frames given to libvorbis
  std::vector<float> scratch_;  // one block as interleaved float
  bool encoding_ = false;       // the libvorbis/libogg state below is initialised
  vorbis_info info_{};
  vorbis_dsp_state dsp_{};
  vorbis_block block_{};
  ogg_stream_state stream_{};
};

}  // namespace frameout
