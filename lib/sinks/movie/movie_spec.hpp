#pragma once
// What a movie sink writes, decided by planning before any file is opened: the encoder and muxer take this,
// never the job.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "formats/video_codecs.hpp"
#include "media/hdr_metadata.hpp"
#include "media/output_format.hpp"
#include "media/pixel_format.hpp"
#include "media/rational.hpp"
#include "naming/output_target.hpp"
#include "sinks/audio/audio_encoder.hpp"

namespace frameout {

//! A movie's sound track (--audiochop).
struct AudioTrackSpec {
  std::string codec;              //!< audiocodec token
  AudioEncoderSettings encoder;   //!< ready to open
};

//! Everything the encoder and muxer need.
struct MovieSpec {
  const VideoCodec* codec = nullptr;  //!< the videocodec descriptor
  std::string codec_type;             //!< resolved videocodectype ("" when the codec has none)
  std::string container;              //!< resolved moviecontainer token
  std::string muxer;                  //!< libav muxer name
  OutputFormat format;                //!< encoder pixel format, size and colour
  HdrMetadata hdr;                    //!< mastering display and light levels, for PQ and HLG only
  Rational fps;                       //!< frame rate of the file
  std::optional<int64_t> frame_limit;  //!< output frames to stop at (limitlength)
  std::vector<std::pair<std::string, std::string>> encoder_options;  //!< libav options, all must be consumed
  std::filesystem::path file;         //!< requested output path
  NamingRules naming;                 //!< uniquesuff, n, overwrite
  std::optional<PixelFormat> hold_as;  //!< the Common-page `format` frames are held in, when not the input's
  std::string timecode;               //!< start timecode for a timecode track, "" for none
  std::vector<std::pair<std::string, std::string>> metadata;  //!< headerdat rows, written as container metadata
  bool metadata_as_keys = false;      //!< mov/mp4: store every row in an `mdta` key list (some are not native)
  bool deterministic = false;         //!< bit-exact flags, no creation time
  int frame_workers = 1;              //!< parallel convert+encode workers (intra-only codecs), else 1
  int encoder_threads = 0;            //!< libav threads per encoder (0 = libav picks)
  std::optional<AudioTrackSpec> audio;  //!< the sound track, when --audiochop names one
  //! A live take (realtime input): shorter fragments and look-ahead, so a killed take loses at most a second.
  bool live = false;
  //! Live takes only: Stall for File Open, on or off; its encoder then opens before the first frame.
  std::optional<bool> stall_for_open;
};

}  // namespace frameout
