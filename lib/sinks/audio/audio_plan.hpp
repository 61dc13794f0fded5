#pragma once
// The validated description of one `frameout audio` output.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "job/job.hpp"
#include "sinks/audio/audio_file_writer.hpp"

namespace frameout {

//! Everything the audio pipeline needs, decided before any file is opened.
struct AudioPlan {
  std::string filetype;                 //!< wav, aiff, mp3, ogg
  std::filesystem::path file;           //!< requested name (extension resolved)
  AudioFileOptions options;             //!< codec, bit rate, metadata
  bool unique_suffix = false;           //!< uniquesuff
  int64_t n = 0;                        //!< first unique suffix number
  bool overwrite = false;               //!< --overwrite
  bool record = true;                   //!< record: off means validate only, write nothing
  bool paused = false;                  //!< pause: the file is made but samples are not added
  std::optional<int64_t> frame_limit;   //!< sample frames to stop at (--duration)
};

//! Resolves and checks an audio job for an input of `rate` and `channels`; throws Error naming the parameter.
AudioPlan plan_audio(const Job& job, int rate, int channels);

//! The writer for a plan's file type.
std::unique_ptr<AudioFileWriter> make_audio_writer(const AudioPlan& plan);

}  // namespace frameout
