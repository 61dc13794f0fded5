#pragma once
// QuickTime Animation (qtrle) frames, 24-bit RGB or 32-bit ARGB: each changed line run-length coded against
// the previous frame. Lines are independent, so a frame is split into bands coded on all cores at once;
// libavcodec's encoder codes one line after another and spends half its time in a memcmp per pixel.

#include <cstdint>
#include <vector>

#include "sinks/movie/own_video_encoder.hpp"

namespace frameout {

//! Encodes frames of one size and layout into qtrle packets.
class QtrleEncoder final : public OwnVideoEncoder {
 public:
  //! `bytes_per_pixel` is 3 (rgb24) or 4 (argb); a keyframe every `keyframe_interval` frames (1 = all).
  QtrleEncoder(int width, int height, int bytes_per_pixel, int keyframe_interval);

  //! The packet for `frame` (pts copied, key flag set on keyframes); keeps a reference to the frame as the
  //! base the next one is coded against.
  AvPacketPtr encode(const AVFrame& frame) override;

 private:
  int width_;
  int height_;
  int pixel_;
  int keyframe_interval_;
  int64_t frames_ = 0;
  AvFramePtr previous_;  // the last frame coded, shared with the converter's pool (no copy)
};

//! Appends the qtrle codes of one line: `line` against `previous` (null on keyframes: nothing is skipped).
void qtrle_encode_line(const uint8_t* line, const uint8_t* previous, int width, int pixel, std::vector<uint8_t>& out);

}  // namespace frameout
