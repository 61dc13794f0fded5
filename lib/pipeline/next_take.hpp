#pragma once
// Between the takes of a recording (and before the first one), frames keep arriving: those that find
// recording off are read and left out, as a live source would lose them, until one is to be recorded.

#include <optional>

#include "media/counters.hpp"
#include "media/video_frame.hpp"
#include "pipeline/record_control.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! Reads `source` until a frame is to be recorded and returns it (the next take starts with it); nullopt when
//! the input ends, a stop is requested or nothing can switch recording on again.
std::optional<VideoFrame> next_take_start(VideoSource& source, RecordControl& control, Counters& counters);

}  // namespace frameout
