#pragma once
// GoPro CineForm (cfhd) frames by frameout's own encoder: per channel, three levels of the 2/6 wavelet, the
// high-pass bands quantised by a reciprocal multiply and coded as zero runs and companded magnitudes. The
// bitstream, the transform and the quantisers are those of libavcodec's cfhd encoder (its packets are the same,
// byte for byte); the work is laid out for speed instead: whole-plane passes the compiler vectorises, zero
// runs found four coefficients at a time, a 64-bit bit writer.

#include <array>
#include <cstdint>
#include <vector>

#include "sinks/movie/own_video_encoder.hpp"

namespace frameout {

//! Encodes frames of one size and pixel format into CineForm packets.
class CineformEncoder final : public OwnVideoEncoder {
 public:
  //! `pixel_format` is AV_PIX_FMT_YUV422P10LE, AV_PIX_FMT_GBRP12LE or AV_PIX_FMT_GBRAP12LE; the width a multiple
  //! of 16 (at least 48), the height a multiple of 8 (at least 32); `level` is the quality level, 0 (film3+)
  //! to 12 (low).
  CineformEncoder(int width, int height, AVPixelFormat pixel_format, int level);

  //! The packet for `frame` (pts copied, every frame a keyframe).
  AvPacketPtr encode(const AVFrame& frame) override;

 private:
  // One channel's buffers, sized once.
  struct Channel {
    int width = 0;
    int height = 0;
    int source = 0;  // the frame's data[] index
    std::array<uint16_t, 9> quantisers{};
    std::vector<int16_t> alpha;            // the alpha channel, remapped as CineForm stores it
    std::vector<int16_t> low, high;        // the row split of one level
    std::vector<int16_t> lowpass_a;        // the finest wavelet's low-pass band, the next one's input
    std::vector<int16_t> lowpass_b;        // the middle wavelet's low-pass band, the coarsest one's input
    std::array<std::vector<int16_t>, 10> bands;  // band 0: the low-pass band; 1..9: high-pass, coarsest first
    std::vector<int16_t> quantised;        // one band quantised, rows padded to 8 coefficients with zeros
    size_t largest = 0;                    // the most bytes its part of a packet can take
  };

  // Writes the channel's part of the packet from `out` on (largest + 8 bytes free); returns its end.
  uint8_t* code_channel(Channel& channel, const AVFrame& frame, uint8_t* out) const;

  int width_;
  int height_;
  bool twelve_bit_;  // GBRP12 or GBRAP12; 4:2:2 10-bit otherwise
  std::vector<Channel> channels_;
};

}  // namespace frameout
