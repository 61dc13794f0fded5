#pragma once
// Opens a media file with libavformat and decodes the first stream of one kind (video or audio):
// the demux / send / receive / drain loop that both decode sources share.

#include <cstdint>
#include <string>

#include "system/error.hpp"
#include "media/libav.hpp"

struct AVFormatContext;
struct AVStream;

namespace frameout {

//! The decoder of one stream of a media file.
class MediaDecoder {
 public:
  //! Opens `path` and the best stream of `type`; throws Error(Input) naming the file and `flag` (--input, --audiochop).
  //! A stream whose pictures have more than `max_pixels` (0: libav's own limit) is refused before anything
  //! is decoded, and libav checks every picture against it before allocating it.
  MediaDecoder(const std::string& path, const std::string& flag, AVMediaType type, int64_t max_pixels = 0);
  ~MediaDecoder();
  MediaDecoder(const MediaDecoder&) = delete;
  MediaDecoder& operator=(const MediaDecoder&) = delete;

  //! Decodes the next frame into `frame` (unreferenced first); false at the end of the stream or on a stop request.
  bool next(AVFrame& frame);
  //! The open decoder.
  const AVCodecContext& decoder() const { return *decoder_; }
  //! The decoded stream.
  const AVStream& stream() const;
  //! The error for this input, with libav's reason when `rc` is an AVERROR.
  Error error(const std::string& what, int rc) const;

 private:
  std::string path_;
  std::string flag_;
  AVFormatContext* format_ = nullptr;
  AvCodecContextPtr decoder_;
  AvPacketPtr packet_;
  int stream_index_ = -1;
  bool draining_ = false;
};

}  // namespace frameout
