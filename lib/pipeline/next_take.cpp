#include "pipeline/next_take.hpp"

#include <spdlog/spdlog.h>

#include "system/interrupt.hpp"

namespace frameout {

std::optional<VideoFrame> next_take_start(VideoSource& source, RecordControl& control, Counters& counters) {
  VideoFrame frame;
  bool said = false;
  while (!interrupt_requested() && source.read(frame) == ReadResult::Frame) {
    switch (control.on_frame(frame.index, false)) {  // the take reports the frame it starts with
      case RecordControl::Decision::Record:
        return frame;  // counted when the take reads it
      case RecordControl::Decision::EndTake:
        return std::nullopt;
      case RecordControl::Decision::Leave:
        counters.frames_read++;
        if (!said) spdlog::info("recording is off or paused: frames are left out until one is to be recorded");
        said = true;
        break;
    }
  }
  return std::nullopt;
}

}  // namespace frameout
