#pragma once
// One video encoder (libav's, or frameout's own for Animation, Hap DXT1, GIF and CineForm), opened on the first
// frame (before it for a live take, see pipeline/stall_for_open.hpp) and always flushed at the end.

#include <memory>
#include <mutex>
#include <vector>

#include "media/libav.hpp"
#include "sinks/movie/movie_spec.hpp"
#include "sinks/movie/own_video_encoder.hpp"
#include "system/error.hpp"

namespace frameout {

//! Encodes converted frames into packets for the muxer.
class VideoEncoder {
 public:
  //! Prepares (but does not open) the encoder described by the plan; `output_name` names the file in messages.
  VideoEncoder(const MovieSpec& plan, std::string output_name);
  //! Drains an encoder that must not be freed with frames inside (plan.codec->flush_before_free).
  ~VideoEncoder();
  VideoEncoder(const VideoEncoder&) = delete;
  VideoEncoder& operator=(const VideoEncoder&) = delete;

  //! Opens the encoder now, if it is not open yet (safe from any thread; encode() otherwise opens it).
  void open();
  //! Encodes one frame (opening the encoder first if needed) and appends finished packets to `packets`.
  void encode(AVFrame* frame, std::vector<AvPacketPtr>& packets);
  //! Drains delayed frames into `packets`; a no-op when the encoder never opened.
  void flush(std::vector<AvPacketPtr>& packets);
  //! The open codec context (stream parameters for the muxer); nullptr until it is open.
  const AVCodecContext* context() const { return opened_ ? context_.get() : nullptr; }

 private:
  void open_now();
  std::unique_ptr<OwnVideoEncoder> make_own_encoder() const;
  void drain(std::vector<AvPacketPtr>& packets);
  Error out_of_memory(int64_t pts) const;

  const MovieSpec& plan_;
  std::string output_name_;
  AvCodecContextPtr context_;
  // Animation, Hap (DXT1), CineForm and GIF are coded by frameout's own encoders; the libav context still
  // describes the stream.
  std::unique_ptr<OwnVideoEncoder> own_;
  std::once_flag open_once_;
  bool opened_ = false;
  bool flushed_ = false;
};

}  // namespace frameout
