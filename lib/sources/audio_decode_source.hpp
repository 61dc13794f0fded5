#pragma once
// PCM decoded from the first audio stream of any media file libav reads, interleaved, in the closest
// of s16 / s32 / f32 to the source so no precision is lost.

#include <string>

#include "media/libav.hpp"
#include "sources/audio_source.hpp"
#include "sources/media_decoder.hpp"

struct SwrContext;

namespace frameout {

//! Decodes the first audio stream of a media file.
class AudioDecodeSource : public AudioSource {
 public:
  //! Opens and probes `path`; `flag` names the parameter in messages. Throws Error(Input) naming the file.
  AudioDecodeSource(const std::string& path, const std::string& flag);
  ~AudioDecodeSource() override;
  AudioDecodeSource(const AudioDecodeSource&) = delete;
  AudioDecodeSource& operator=(const AudioDecodeSource&) = delete;

  AudioInfo info() const override;
  //! One decoded frame's worth of samples (decoder frames are small; `max_frames` is not needed).
  ReadResult read(AudioBlock& block, int64_t max_frames) override;
  bool can_wait() const override { return !from_pipe_; }

 private:
  MediaDecoder decoder_;
  bool from_pipe_;
  AudioInfo info_;
  SwrContext* swr_ = nullptr;
  AvFramePtr decoded_;
  int64_t next_frame_ = 0;
};

}  // namespace frameout
