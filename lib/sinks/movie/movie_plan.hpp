#pragma once
// The validated, typed description of one movie output. Building it checks every codec × container ×
// pixel format × size rule, so a bad job fails before any file is opened.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "convert/output_format.hpp"
#include "job/job.hpp"
#include "media/rational.hpp"
#include "sinks/movie/codec_catalog.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! Everything the encoder and muxer need, decided up front.
struct MoviePlan {
  const CodecInfo* codec = nullptr;  //!< the videocodec entry
  std::string codec_type;            //!< resolved videocodectype ("" when the codec has none)
  std::string container;             //!< resolved moviecontainer token
  std::string muxer;                 //!< libav muxer name
  OutputFormat format;               //!< encoder pixel format, size and colour
  Rational fps;                      //!< frame rate of the file
  std::optional<int64_t> frame_limit;  //!< output frames to stop at (limitlength)
  std::vector<std::pair<std::string, std::string>> encoder_options;  //!< libav options, all must be consumed
  std::filesystem::path file;        //!< requested output path
  std::string timecode;              //!< start timecode for a timecode track, "" for none
  std::vector<std::pair<std::string, std::string>> metadata;  //!< headerdat rows, written as container metadata
  bool deterministic = false;        //!< bit-exact flags, no creation time
  int frame_workers = 1;             //!< parallel convert+encode workers (intra-only codecs), else 1
  int encoder_threads = 0;           //!< libav threads per encoder (0 = libav picks)
};

//! Resolves and checks a movie job against its input; throws Error(Usage) or Error(Unavailable) naming the parameter.
MoviePlan plan_movie(const Job& job, const StreamInfo& input);

}  // namespace frameout
