#pragma once
// One writer per audio file type. The pipeline hands it blocks as the source delivers them; the writer
// converts them once (lib/convert) to what it stores, and owns the file until close().

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "media/audio_block.hpp"

namespace frameout {

//! Settings an audio writer may use.
struct AudioFileOptions {
  SampleFormat sample_format = SampleFormat::S24;  //!< PCM writers: pcm16 / pcm24 / pcm32 (codec)
  int bitrate_kbps = 192;                          //!< MP3: constant bit rate
  double vorbis_quality = 0.5;                     //!< OGG Vorbis: quality 0..1 (libvorbis -q scale / 10)
  std::vector<std::pair<std::string, std::string>> metadata;  //!< headerdat rows (key, value)
  bool deterministic = false;                      //!< no dates or encoder versions that change between runs
};

//! Writes one audio file.
class AudioFileWriter {
 public:
  virtual ~AudioFileWriter() = default;
  //! Creates `path` (the temporary name) and writes the header for `rate` and `channels`;
  //! throws Error(Output) naming the path.
  virtual void open(const std::filesystem::path& path, int rate, int channels) = 0;
  //! Appends sample frames of any sample format; throws Error(Output) on I/O errors (full disk).
  virtual void write(const AudioBlock& block) = 0;
  //! Flushes, finalises headers and closes the file; throws Error(Output) on failure.
  virtual void close() = 0;
  //! Metadata keys from the options this format cannot store (the caller warns about them).
  virtual std::vector<std::string> unsupported_metadata() const = 0;
};

}  // namespace frameout
