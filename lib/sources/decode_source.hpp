#pragma once
// Frames decoded from any media file libav reads (first video stream), as RGBA: 8-bit for 8-bit
// sources, 16-bit for deeper ones, so a transcode keeps the source's precision.

#include <cstdint>
#include <string>

#include "media/libav.hpp"
#include "sources/media_decoder.hpp"
#include "sources/video_source.hpp"

struct SwsContext;

namespace frameout {

//! Decodes the first video stream of a media file.
class DecodeSource : public VideoSource {
 public:
  //! Opens and probes `path`; throws Error(Input) naming it when it cannot be read, has no video, or its
  //! frames have more than `max_pixels` pixels.
  DecodeSource(const std::string& path, int64_t max_pixels);
  ~DecodeSource() override;
  DecodeSource(const DecodeSource&) = delete;
  DecodeSource& operator=(const DecodeSource&) = delete;

  StreamInfo info() const override;
  ReadResult read(VideoFrame& frame) override;

 private:
  void to_rgba(const AVFrame& decoded, VideoFrame& frame);

  MediaDecoder decoder_;
  StreamInfo info_;
  AvFramePtr decoded_;
  SwsContext* sws_ = nullptr;
  int64_t next_index_ = 0;
};

}  // namespace frameout
