#pragma once
// Hap (DXT1 textures, optionally snappy-compressed) frames from RGBA, by frameout's own DXT1 block coder:
// the same principal-axis fit as libavcodec's, on floats the compiler vectorises.

#include <cstdint>
#include <vector>

#include "sinks/movie/own_video_encoder.hpp"

namespace frameout {

//! Encodes RGBA frames (width and height multiples of 4) into Hap1 packets.
class HapEncoder final : public OwnVideoEncoder {
 public:
  //! `snappy` compresses the texture (Hap's secondary compression).
  HapEncoder(int width, int height, bool snappy);

  //! The packet for `frame` (pts copied, every frame a keyframe).
  AvPacketPtr encode(const AVFrame& frame) override;

 private:
  int width_;
  int height_;
  bool snappy_;
  std::vector<uint8_t> texture_;  // DXT1 blocks, row by row
};

//! The 8-byte DXT1 block of 4x4 RGBA pixels (`stride` bytes between rows); alpha is ignored.
void dxt1_block(const uint8_t* pixels, std::ptrdiff_t stride, uint8_t out[8]);

}  // namespace frameout
