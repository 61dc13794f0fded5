#pragma once
// Raw frames of one Common-page pixel format from a file, a FIFO or stdin.

#include <string>

#include "sources/byte_stream.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! Reads tightly packed frames; a short last frame is an input error naming its byte count.
class RawFrameSource : public VideoSource {
 public:
  //! Opens `path` ("-" for stdin) without reading; throws Error(Input) naming the path when it cannot be opened.
  RawFrameSource(const std::string& path, int width, int height, PixelFormat format, Rational rate);

  StreamInfo info() const override;
  ReadResult read(VideoFrame& frame) override;

 private:
  ByteStream stream_;
  StreamInfo info_;
  int64_t next_index_ = 0;
};

}  // namespace frameout
