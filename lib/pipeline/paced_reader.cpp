#include "pipeline/paced_reader.hpp"

#include "convert/reformat.hpp"
#include "system/mapping_guard.hpp"
#include "system/prefault.hpp"
#include "pipeline/frame_pool.hpp"

namespace frameout {

std::optional<Error> read_paced_frames(VideoSource& source, FramePacer& pacer, Counters& counters,
                                       BoundedQueue<PacedFrame>& queue, const std::optional<PixelFormat>& hold_as,
                                       RecordControl* control, size_t warm_frames) {
  std::optional<Error> input_error;
  // However reading ends (a throw included), the take has had its frames: whoever follows them must know.
  struct TakeRead {
    RecordControl* control;
    ~TakeRead() {
      if (control) control->take_read();
    }
  } take_read{control};
  int64_t held_before = 0, skipped_before = 0;
  // The pacer counts the frames of this take: from the first one recorded, without those left out.
  std::optional<int64_t> first_index;
  int64_t left_out = 0;
  const auto pool = FramePool::create();
  const StreamInfo info = source.info();
  pool->warm(warm_frames,
             [&](VideoFrame& f) { resize_prefaulted(f.data, info.format.frame_bytes(info.width, info.height)); });
  for (int64_t sequence = 0; !pacer.done();) {
    auto frame = pool->acquire();
    try {
      if (source.read(*frame) == ReadResult::End) break;
    } catch (const Error& e) {
      // A bad input ends the stream; the frames before it are still written.
      if (e.code() != ExitCode::Input) throw;
      input_error = e;
      break;
    }
    counters.frames_read++;
    if (control) {
      const RecordControl::Decision decision = control->on_frame(frame->index);
      if (decision == RecordControl::Decision::EndTake) break;
      if (decision == RecordControl::Decision::Leave) {
        if (first_index) ++left_out;
        continue;
      }
    }
    if (!first_index) first_index = frame->index;
    // Frames a sequence held over a missing file count as dropped, like repeats that keep time.
    const int64_t held = source.held_frames();
    counters.total_frames_dropped += held - held_before;
    held_before = held;
    const int64_t skipped = source.skipped_frames();
    counters.input_frames_skipped += skipped - skipped_before;
    skipped_before = skipped;
    const int64_t first = pacer.next_output();
    const int64_t count = pacer.outputs_for(frame->index - *first_index - left_out);
    if (count == 0) {
      counters.input_frames_skipped++;
      continue;
    }
    if (hold_as && hold_as->token != frame->format.token) {
      *frame = reformat(*frame, *hold_as);
      check_mapped_reads();  // the file shrank under the frame: the run fails, as in the later stages
    }
    if (!queue.push({std::move(frame), sequence++, first, count})) break;
  }
  queue.close();
  return input_error;
}

std::optional<int64_t> expected_outputs(const StreamInfo& info, const Rational& fps, std::optional<int64_t> limit) {
  if (!info.frame_count) return limit;
  FramePacer pacer(info.rate, fps, limit);
  int64_t n = 0;
  for (int64_t i = 0; i < *info.frame_count && !pacer.done(); ++i) n += pacer.outputs_for(i);
  return n;
}

}  // namespace frameout
