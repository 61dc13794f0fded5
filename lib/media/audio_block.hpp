#pragma once
// PCM audio as it moves through frameout: interleaved samples of one format, with their position.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frameout {

//! How one PCM sample is stored (interleaved, little-endian; S24 is packed in 3 bytes).
enum class SampleFormat { S16, S24, S32, F32 };

//! Bytes of one sample of a format.
constexpr int sample_bytes(SampleFormat f) { return f == SampleFormat::S16 ? 2 : f == SampleFormat::S24 ? 3 : 4; }
//! The --audio-format token of a sample format ("s16", "s24", "s32", "f32").
std::string_view sample_format_token(SampleFormat f);
//! The sample format of a token, or nullopt.
std::optional<SampleFormat> parse_sample_format(std::string_view token);

//! What an audio stream delivers.
struct AudioInfo {
  int rate = 48000;                    //!< sample frames per second
  int channels = 2;                    //!< 1 to 16
  SampleFormat format = SampleFormat::F32;  //!< layout of each sample
  std::optional<int64_t> frame_count;  //!< total sample frames when known
  std::string name;                    //!< the input as named on the command line, for messages

  //! Bytes of one sample frame (all channels).
  int frame_bytes() const { return channels * sample_bytes(format); }
};

//! A run of interleaved sample frames.
struct AudioBlock {
  std::vector<uint8_t> data;          //!< frames × channels × sample_bytes(format)
  SampleFormat format = SampleFormat::F32;  //!< layout of `data`
  int channels = 2;                   //!< interleaved channels
  int64_t first_frame = 0;            //!< position of the first sample frame in the stream
  //! Sample frames held.
  int64_t frames() const { return static_cast<int64_t>(data.size()) / (channels * sample_bytes(format)); }
};

}  // namespace frameout
