#pragma once
// PCM decoded from the first audio stream of any media file libav reads, interleaved, in the closest
// of s16 / s32 / f32 to the source so no precision is lost.

#include <string>

#include "media/libav.hpp"
#include "sources/audio_source.hpp"

struct AVFormatContext;
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
  ReadResult read(AudioBlock& block, int64_t max_frames) override;
  bool can_wait() const override { return path_ != "pipe:0"; }

 private:
  bool receive(AudioBlock& block);

  std::string path_;
  std::string flag_;
  AudioInfo info_;
  AVFormatContext* format_ = nullptr;
  AvCodecContextPtr decoder_;
  SwrContext* swr_ = nullptr;
  int stream_index_ = -1;
  AvFramePtr decoded_;
  AvPacketPtr packet_;
  bool draining_ = false;
  int64_t next_frame_ = 0;
};

}  // namespace frameout
