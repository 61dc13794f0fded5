#pragma once
// Owning handles for libav objects and the text of libav error codes.

#include <memory>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
}

namespace frameout {

struct AvFrameDeleter {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct AvPacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct AvCodecContextDeleter {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};

//! An owned AVFrame.
using AvFramePtr = std::unique_ptr<AVFrame, AvFrameDeleter>;
//! An owned AVPacket.
using AvPacketPtr = std::unique_ptr<AVPacket, AvPacketDeleter>;
//! An owned AVCodecContext.
using AvCodecContextPtr = std::unique_ptr<AVCodecContext, AvCodecContextDeleter>;

//! libav's description of an AVERROR code.
std::string av_error_text(int code);

}  // namespace frameout
