#pragma once
// Turns raw input frames into the AVFrames a sink asked for: widen odd formats (converting their colour
// values when the output's colour space differs from the input's), then our own Y'CbCr rows or one swscale
// pass, whose matrix and range come from the output's colour description (never swscale's BT.601 default).

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "convert/colour_transform.hpp"
#include "media/output_format.hpp"
#include "media/libav.hpp"
#include "media/stream_info.hpp"
#include "media/video_frame.hpp"

struct SwsContext;
struct AVBufferPool;

namespace frameout {

//! Converts frames of one input layout to one output layout; not thread-safe, one per converter thread.
class FrameConverter {
 public:
  //! Prepares the conversion; throws Error(Unavailable) if libav cannot convert between the two.
  FrameConverter(const StreamInfo& input, const OutputFormat& output);
  ~FrameConverter();
  FrameConverter(const FrameConverter&) = delete;
  FrameConverter& operator=(const FrameConverter&) = delete;

  //! A new AVFrame in the output layout holding `frame`, tagged with the output colour description.
  AvFramePtr convert(const VideoFrame& frame);

  //! Colour values clipped to 0..1 by the colour conversion since the last call (0 without one).
  int64_t take_clipped() { return std::exchange(clipped_, 0); }

 private:
  // Writes `rows` rows of the staged layout (`source`: the first of them) as rows `first_row` on of `out`.
  void write_rows(const uint8_t* source, AVFrame& out, int first_row, int rows);

  StreamInfo input_;
  OutputFormat output_;
  bool same_size_;  // no scaling: frames (of the input's size, as every source delivers) keep their size
  AVPixelFormat source_pixel_format_;
  bool needs_unpack_;
  std::unique_ptr<ColourTransform> transform_;  // only when the colour conversion changes values
  int64_t clipped_ = 0;
  std::vector<uint8_t> widened_;  // RGBA8 or RGBA16 staging for formats swscale does not read, staged_rows_ rows
  int staged_rows_ = 0;           // a band, or the whole frame when it is scaled
  SwsContext* sws_ = nullptr;
  AVBufferPool* pool_ = nullptr;  // output buffers are recycled: fresh 4-8 MB allocations cost page faults
  int linesizes_[4] = {};
};

}  // namespace frameout
