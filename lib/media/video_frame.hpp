#pragma once
// A raw input frame as it leaves a source: tightly packed pixels of one Common-page format.

#include <cstdint>
#include <memory>
#include <vector>

#include "media/pixel_format.hpp"

namespace frameout {

//! One raw frame with its position in the stream.
struct VideoFrame {
  std::vector<uint8_t> data;  //!< tightly packed rows, top row first (unless `view` is set)
  int width = 0;              //!< pixels
  int height = 0;             //!< pixels
  PixelFormat format{};       //!< layout of the pixels
  int64_t index = 0;          //!< frame number from the start of the stream (the timestamp in frame units)
  //! The pixels when they are held elsewhere instead of in `data` (a read-only mapping of a raw input file:
  //! no copy); null otherwise.
  std::shared_ptr<const uint8_t> view;
  //! Frames of the additional inputs that belong with this one (EXR additional inputs), in input order;
  //! shared, so converting or queueing the frame never copies them.
  std::vector<std::shared_ptr<const VideoFrame>> layers;

  //! The packed pixels: `view` when set, otherwise `data`.
  const uint8_t* pixels() const { return view ? view.get() : data.data(); }
  //! Bytes of the packed pixels.
  size_t byte_size() const { return view ? format.frame_bytes(width, height) : data.size(); }
};

}  // namespace frameout
