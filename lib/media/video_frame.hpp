#pragma once
// A raw input frame as it leaves a source: tightly packed pixels of one Common-page format.

#include <cstdint>
#include <memory>
#include <vector>

#include "media/pixel_format.hpp"

namespace frameout {

//! One raw frame with its position in the stream.
struct VideoFrame {
  std::vector<uint8_t> data;  //!< tightly packed rows, top row first
  int width = 0;              //!< pixels
  int height = 0;             //!< pixels
  PixelFormat format{};       //!< layout of `data`
  int64_t index = 0;          //!< frame number from the start of the stream (the timestamp in frame units)
  //! Frames of the additional inputs that belong with this one (EXR additional inputs), in input order;
  //! shared, so converting or queueing the frame never copies them.
  std::vector<std::shared_ptr<const VideoFrame>> layers;
};

}  // namespace frameout
