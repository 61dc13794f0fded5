#pragma once
// One descriptor per audiocodec token: the libav encoder, the containers that hold it, its channel limit and
// how audiobitrate counts for it. Planning, the README's sound-track table and a test of the parameter menu
// read this table.

#include <span>
#include <string_view>
#include <vector>

namespace frameout {

//! One sound-track codec of the page's Audio Codec menu.
struct AudioCodec {
  std::string_view token;                    //!< audiocodec token
  std::string_view label;                    //!< the page's name
  std::string_view encoder;                  //!< libav encoder name
  std::vector<std::string_view> containers;  //!< movie containers that hold it, the preferred one first
  int max_channels = 2;                      //!< most channels the encoder takes
  bool has_bit_rate = false;                 //!< lossy: audiobitrate applies
  bool rate_per_channel_above_stereo = false;  //!< audiobitrate counts per channel beyond two (AAC)
};

//! Every sound-track codec, in the page's order.
std::span<const AudioCodec> audio_codecs();
//! The descriptor of an audiocodec token, or nullptr.
const AudioCodec* find_audio_codec(std::string_view token);

}  // namespace frameout
