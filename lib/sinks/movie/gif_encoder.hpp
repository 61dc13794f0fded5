#pragma once
// Animated GIF from RGBA by frameout's own one-pass encoder, so it works on a live stream:
// - palette per scene: each frame's colours are counted; the current palette is kept while its error on the
//   new frame stays within 25% of its error on the frame it was fitted to (plus a small slack), otherwise a
//   new one is fitted to this frame alone (median cut + k-means, or the exact colours when there are at most
//   255). Keeping it lets unchanged pixels keep their indices, which is what makes still areas cheap.
// - serpentine Floyd-Steinberg dithering with a dead zone (gif_dither.hpp), in two bands of rows on two cores
//   (fixed bands: same bytes on any machine);
// - binary transparency: alpha < 128 is the transparent index 0 of every table, the rest is opaque;
// - each frame codes only the rectangle that differs from what the viewer shows; unchanged pixels in it are
//   written as their index or as transparent, whichever continues the LZW string, and a full LZW table is
//   cleared only once it compresses worse (gif_lzw.hpp);
// - one frame of look-ahead: a frame's disposal ("restore to background") is only known once the next frame
//   shows whether it needs pixels to turn transparent, so a frame's packet comes out when the next frame
//   is given (or at flush()).
// The packets are complete GIF blocks as libavformat's gif muxer expects them from libavcodec's encoder: the
// first starts with the GIF header and global colour table, each has a Graphic Control Extension (the muxer
// rewrites its delay from the pts), an image descriptor, a local colour table when the frame's palette is not
// the global one, and the LZW data; no trailer (the muxer adds it).

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "sinks/movie/gif_nearest.hpp"
#include "sinks/movie/gif_palette.hpp"
#include "sinks/movie/own_video_encoder.hpp"

namespace frameout {

//! The GIF clock reading of `pts` (in `time_base` units): floor(pts * time_base * 100) centiseconds.
//! Rounding down the running time, not each frame's duration, keeps exact time at any rate: 30 fps gives
//! 0, 3, 6, 10, 13, 16, 20 ... and so delays of 3, 3, 4, 3, 3, 4 ...
int64_t gif_centiseconds(int64_t pts, AVRational time_base);

//! Encodes RGBA frames of one size into GIF packets for libavformat's gif muxer.
//!
//! Wiring: give AV_PIX_FMT_RGBA frames of the constructed size with pts in `time_base` units (increasing).
//! Packets come out one frame behind, with pts = dts = gif_centiseconds(frame pts) and duration = the
//! frame's delay, all in 1/100 s: create the muxer's stream with codec_id AV_CODEC_ID_GIF, width, height and
//! time_base {1, 100} (the gif muxer forces 1/100 anyway) and rescale packets from {1, 100}, i.e. not at all.
//! The muxer derives each delay from the next packet's pts; libavformat 5.1's gif muxer repeats the one before
//! for the last frame, so set its `final_delay` option to the last packet's duration before writing the
//! trailer (av_opt_set_int on the muxer's priv_data). Set `loop` to 0 (its default: loop forever).
class GifEncoder final : public OwnVideoEncoder {
 public:
  //! Frames of `width` x `height` (1..65535) with pts in `time_base`.
  GifEncoder(int width, int height, AVRational time_base);

  //! Takes the next frame and returns the previous frame's packet, or null when there is none to write yet:
  //! for the first frame, for a frame that shows nothing new (its time goes to the frame before, whose
  //! delay grows) and for a frame whose time rounds to the same centisecond as the one before (GIF cannot
  //! show both; only above 100 fps, which planning refuses).
  AvPacketPtr encode(const AVFrame& frame) override;

  //! The last frame's packet (null without frames); its duration runs to the end of the last frame given
  //! (its pkt_duration, else the step between the last two pts).
  AvPacketPtr flush() override;

 private:
  // A frame coded up to its bytes, held back until the next frame settles its disposal.
  struct Pending {
    std::vector<uint8_t> indices;  // the whole canvas
    std::vector<uint8_t> shown;    // non-zero where the viewer already shows the pixel: it may be transparent
    GifPalette palette;
    int left, top, right, bottom;  // the rectangle to code (right and bottom exclusive)
    bool restore = false;          // disposal 2: clear its rectangle to transparent after showing it
    int64_t start;                 // centiseconds
  };

  void choose_palette(const AVFrame& frame);
  void dither(const AVFrame& frame);
  AvPacketPtr write(const Pending& frame, int64_t end);

  int width_;
  int height_;
  AVRational time_base_;
  ColourHistogram histogram_;
  GifPalette palette_;
  bool has_palette_ = false;
  double palette_error_ = 0;  // mean squared error of the palette on the frame it was fitted to
  uint64_t palette_serial_ = 0;
  std::array<NearestColour, 2> nearest_;  // one per dither band
  std::vector<uint8_t> indices_;          // the frame being encoded
  std::vector<uint8_t> previous_indices_;
  std::vector<uint32_t> previous_pixels_;
  uint64_t previous_serial_ = 0;  // the palette of previous_indices_ (0: none)
  std::vector<uint32_t> shown_;   // what the viewer shows: 0 transparent, else 0xFF000000 | RGB
  std::optional<Pending> pending_;
  std::optional<GifPalette> global_;  // the first frame's palette, written as the global colour table
  int64_t last_pts_ = AV_NOPTS_VALUE;
  int64_t last_duration_ = 1;  // in time_base
};

}  // namespace frameout
