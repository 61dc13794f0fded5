#pragma once
// What `frameout audio` writes, decided by planning before any file is opened: the audio pipeline and
// writers take this, never the job.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "naming/output_target.hpp"
#include "sinks/audio/audio_file_writer.hpp"

namespace frameout {

//! Everything the audio pipeline needs.
struct AudioFileSpec {
  std::string filetype;                 //!< wav, aiff, mp3, ogg
  std::filesystem::path file;           //!< requested name (extension resolved)
  AudioFileOptions options;             //!< codec, bit rate, metadata
  NamingRules naming;                   //!< uniquesuff, n, overwrite
  bool record = true;                   //!< record: off means validate only, write nothing
  bool paused = false;                  //!< pause: the file is made but samples are not added
  std::optional<int64_t> frame_limit;   //!< sample frames to stop at (--duration)
};

//! The writer for a spec's file type.
std::unique_ptr<AudioFileWriter> make_audio_writer(const AudioFileSpec& spec);

}  // namespace frameout
