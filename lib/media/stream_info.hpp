#pragma once
// What a video stream delivers, and the outcome of one read: shared by sources, planning, sinks and reports.

#include <cstdint>
#include <optional>
#include <string>

#include "media/pixel_format.hpp"
#include "media/rational.hpp"

namespace frameout {

//! What a video source delivers.
struct StreamInfo {
  int width = 0;                       //!< pixels
  int height = 0;                      //!< pixels
  PixelFormat format{};                //!< layout of each frame
  Rational rate{60, 1};                //!< frames per second of the input
  std::optional<int64_t> frame_count;  //!< known length (regular files), nullopt for pipes and live inputs
  std::string name;                    //!< the input as named on the command line, for messages
  bool rate_stored = false;            //!< image sequences: `rate` was read from the files (EXR framesPerSecond)
  std::optional<int64_t> first_number; //!< image sequences: the frame number of the first frame read
};

//! Outcome of one read.
enum class ReadResult { Frame, End };

}  // namespace frameout
