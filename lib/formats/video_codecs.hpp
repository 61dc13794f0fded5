#pragma once
// What each videocodec token means for this build: its libav encoder, the Video Codec Types and
// Movie Pixel Formats it takes, and the containers that can hold it.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace frameout {

//! One writable video codec token.
struct VideoCodec {
  std::string_view token;                         //!< videocodec token
  std::string_view label;                         //!< human name
  std::string_view encoder;                       //!< libav encoder name
  std::vector<std::string_view> types;            //!< videocodectype tokens (besides auto)
  std::vector<std::string_view> pixel_formats;    //!< moviepixelformat tokens (besides auto)
  std::vector<std::string_view> containers;       //!< moviecontainer tokens that hold it, preferred first
  bool intra_only;                                //!< every frame is a key frame
  bool uses_quality;                              //!< whether `quality` steers the encoder
  bool needs_gpu;                                 //!< only available when hardware is present
};

//! Whether a codec can be written by this build, and why not.
struct Availability {
  bool available = false;
  std::string reason;  //!< empty when available
};

//! Every codec token this build knows how to write.
std::span<const VideoCodec> codec_catalog();
//! The entry for a videocodec token, or nullptr.
const VideoCodec* find_codec(std::string_view token);
//! Checks the encoder is compiled in and, for GPU encoders, that one can actually be opened.
Availability codec_availability(const VideoCodec& codec);

}  // namespace frameout
