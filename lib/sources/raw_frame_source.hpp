#pragma once
// Raw frames of one Common-page pixel format from a file, a FIFO or stdin.

#include <string>

#include "sources/video_source.hpp"

namespace frameout {

//! Reads tightly packed frames; a short last frame is an input error naming its byte count.
class RawFrameSource : public VideoSource {
 public:
  //! Opens `path` ("-" for stdin) without reading; throws Error(Input) naming the path when it cannot be opened.
  RawFrameSource(const std::string& path, int width, int height, PixelFormat format, Rational rate);
  ~RawFrameSource() override;
  RawFrameSource(const RawFrameSource&) = delete;
  RawFrameSource& operator=(const RawFrameSource&) = delete;

  StreamInfo info() const override;
  ReadResult read(VideoFrame& frame) override;

 private:
  //! Reads up to `size` bytes, waiting for a pipe; returns fewer only at end of input or on a stop request.
  size_t read_fully(uint8_t* dst, size_t size);

  StreamInfo info_;
  int fd_ = -1;
  bool owns_fd_ = false;
  bool regular_file_ = false;    // no polling needed, length known
  bool awaiting_writer_ = false; // a named FIFO whose writer has not sent anything yet
  int64_t next_index_ = 0;
};

}  // namespace frameout
