#pragma once
// Raw interleaved little-endian PCM from a file, a FIFO or stdin.

#include <string>

#include "sources/audio_source.hpp"
#include "sources/byte_stream.hpp"

namespace frameout {

//! Reads raw PCM; a partial last sample frame is an input error naming its byte count.
class RawPcmSource : public AudioSource {
 public:
  //! Opens `path` ("-" for stdin); `flag` names the parameter in messages (--input or --audiochop).
  RawPcmSource(const std::string& path, const std::string& flag, int rate, int channels, SampleFormat format);
  AudioInfo info() const override;
  ReadResult read(AudioBlock& block, int64_t max_frames) override;
  bool can_wait() const override { return stream_.file_size().has_value(); }

 private:
  ByteStream stream_;
  std::string flag_;
  AudioInfo info_;
  int64_t next_frame_ = 0;
  size_t partial_bytes_ = 0;  // bytes of an incomplete last sample frame
};

}  // namespace frameout
