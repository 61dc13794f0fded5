#pragma once
// The reading stage shared by every pipeline: frames from the source, paced to the output rate and
// length, optionally held in the Common-page `format`, queued with their output frame numbers.

#include <cstdint>
#include <memory>
#include <optional>

#include "system/error.hpp"
#include "media/video_frame.hpp"
#include "pipeline/bounded_queue.hpp"
#include "media/counters.hpp"
#include "pipeline/frame_pacer.hpp"
#include "pipeline/record_control.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! An input frame and the run of output frames it fills.
struct PacedFrame {
  std::shared_ptr<const VideoFrame> frame;
  int64_t sequence = 0;      //!< order of arrival, for the ordered hand-over of parallel workers
  int64_t first_output = 0;  //!< number of the first output frame (pts)
  int64_t count = 0;         //!< output frames it fills (more than one: repeats that keep time)
};

//! Reads until the source ends, the pacer's limit is reached, the queue is aborted or `control` (when given)
//! ends the take, then closes the queue. Frames `control` leaves out (paused, not recording) take no time in
//! the output. A damaged input (Error with ExitCode::Input) ends the stream and is returned, so the frames
//! before it are still written; any other error propagates. `warm_frames` frame buffers (the most a live input
//! has in flight) are faulted in before the first read, so the first frames are not late.
std::optional<Error> read_paced_frames(VideoSource& source, FramePacer& pacer, Counters& counters,
                                       BoundedQueue<PacedFrame>& queue, const std::optional<PixelFormat>& hold_as,
                                       RecordControl* control, size_t warm_frames = 0);

//! Output frames a source of known length gives (nullopt when neither length nor limit is known).
std::optional<int64_t> expected_outputs(const StreamInfo& info, const Rational& fps, std::optional<int64_t> limit);

}  // namespace frameout
