#pragma once
// One descriptor per videocodec token: everything frameout knows about writing it. Planning validates a job
// against it, `frameout codecs` lists it, the encoder opens from it, and a unit test holds the `params`
// menu statuses and the README's codec table to it. Adding a codec is one row here (plus, where libav has no
// encoder good enough, one encoder file).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include <libavutil/pixfmt.h>
}

#include "formats/encoder_settings.hpp"

namespace frameout {

//! One moviepixelformat token a codec writes, and the frames its encoder takes for it.
struct CodecPixelFormat {
  std::string_view token;       //!< moviepixelformat token
  AVPixelFormat encoder_input;  //!< what the encoder is handed (chroma subsampling and depth follow from it)
};

//! One Video Codec Type and the pixel formats it takes.
struct CodecType {
  std::string_view token;                          //!< videocodectype token
  std::vector<std::string_view> pixel_formats;     //!< accepted; the first is its default
  bool automatic = false;                          //!< `auto` picks it for its pixel formats
  std::vector<std::string_view> planned_formats;   //!< page features not built yet (exit 5)
};

//! frameout's own encoders, used where they beat libavcodec's.
enum class OwnEncoder { None, Qtrle, HapDxt1, Gif, Cineform };

//! One writable video codec token.
struct VideoCodec {
  std::string_view token;                      //!< videocodec token
  std::string_view label;                      //!< human name
  std::string_view encoder;                    //!< libav encoder name
  std::vector<CodecType> types;                //!< videocodectype tokens (besides auto); empty: none
  std::vector<CodecPixelFormat> pixel_formats; //!< moviepixelformat tokens (besides auto)
  std::string_view default_pixel_format;       //!< what `auto` writes
  std::string_view alpha_pixel_format;         //!< what `auto` writes for input with alpha ("" keeps the default)
  std::vector<std::string_view> containers;    //!< moviecontainer tokens that hold it, preferred first
  int width_multiple = 1;                      //!< the width must be a multiple of this (besides chroma rules)
  int height_multiple = 1;                     //!< the height must be a multiple of this
  int min_width = 1;                           //!< the smallest width the encoder takes
  int min_height = 1;                          //!< the smallest height the encoder takes
  std::string_view size_reason;                //!< why, for the message
  int max_width = 0;                           //!< the widest frame the encoder takes (0: libav's frame limit only)
  int max_height = 0;                          //!< the tallest frame the encoder takes (0: libav's frame limit only)
  int max_fps = 0;                             //!< the highest movie rate the format can time (0: no limit)
  std::string_view rate_reason;                //!< why, for the message
  bool intra_only = false;                     //!< every frame is a key frame
  bool jpeg_colour = false;                    //!< full-range BT.601 Y'CbCr, fixed by the format (JPEG)
  bool needs_gpu = false;                      //!< only available when hardware is present
  std::string_view software_token;             //!< GPU codecs: the token to use without the hardware
  uint32_t settings = 0;                       //!< the Setting bits it has a use for
  OptionBuilder options = nullptr;             //!< settings → libav options
  OwnEncoder own_encoder = OwnEncoder::None;   //!< frameout's own encoder, if any
  std::string_view quicktime_tag;              //!< mov/mp4 sample entry to use instead of libav's ("hvc1")
  bool flush_before_free = false;              //!< the encoder hangs when freed with frames inside (SVT-AV1)

  //! Whether the codec has a use for `setting`.
  bool uses(Setting setting) const { return (settings & static_cast<uint32_t>(setting)) != 0; }
  //! The entry of a moviepixelformat token, or nullptr.
  const CodecPixelFormat* pixel_format(std::string_view token) const;
  //! The entry of a videocodectype token, or nullptr.
  const CodecType* type(std::string_view token) const;
};

//! Whether a codec can be written by this build, and why not.
struct Availability {
  bool available = false;
  std::string reason;  //!< empty when available
};

//! Every codec token this build knows how to write.
std::span<const VideoCodec> video_codecs();
//! The descriptor of a videocodec token, or nullptr.
const VideoCodec* find_codec(std::string_view token);
//! Checks the encoder is compiled in and, for GPU encoders, that one can actually be opened.
Availability codec_availability(const VideoCodec& codec);

}  // namespace frameout
