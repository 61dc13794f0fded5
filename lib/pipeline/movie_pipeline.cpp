#include "pipeline/movie_pipeline.hpp"

#include <memory>
#include <optional>
#include <pthread.h>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "convert/frame_converter.hpp"
#include "core/error.hpp"
#include "naming/output_target.hpp"
#include "pipeline/bounded_queue.hpp"
#include "pipeline/failure_latch.hpp"
#include "pipeline/frame_pacer.hpp"
#include "report/progress.hpp"
#include "sinks/movie/movie_muxer.hpp"
#include "sinks/movie/movie_plan.hpp"
#include "sinks/movie/video_encoder.hpp"
#include "sources/open_source.hpp"

namespace frameout {

namespace {

// Small queues keep memory bounded on any input length while letting the stages overlap.
constexpr size_t kRawFrameSlots = 3;
constexpr size_t kConvertedFrameSlots = 3;
constexpr size_t kPacketSlots = 64;

//! An input frame and the run of output frames it fills.
struct PacedFrame {
  std::shared_ptr<VideoFrame> frame;
  int64_t first_output = 0;
  int64_t count = 0;
};

void name_thread(const char* name) { pthread_setname_np(pthread_self(), name); }

std::optional<int64_t> expected_outputs(const StreamInfo& info, const MoviePlan& plan) {
  std::optional<int64_t> total = plan.frame_limit;
  if (info.frame_count) {
    FramePacer pacer(info.rate, plan.fps, plan.frame_limit);
    int64_t n = 0;
    for (int64_t i = 0; i < *info.frame_count && !pacer.done(); ++i) n += pacer.outputs_for(i);
    total = n;
  }
  return total;
}

}  // namespace

RunOutcome run_movie(const Job& job, Counters& counters) {
  const auto source = open_video_source(job);
  const StreamInfo info = source->info();
  const MoviePlan plan = plan_movie(job, info);
  OutputTarget target(plan.file, {job.toggle("uniquesuff"), job.integer("n"), job.toggle("overwrite")});
  FrameConverter converter(info, plan.format);
  VideoEncoder encoder(plan, target.final_path().string());
  MovieMuxer muxer(plan, target);
  FramePacer pacer(info.rate, plan.fps, plan.frame_limit);
  ProgressReporter progress(progress_mode(job.text("progress")), counters, expected_outputs(info, plan),
                            target.final_path().string());

  BoundedQueue<PacedFrame> raw_frames(kRawFrameSlots);
  BoundedQueue<AvFramePtr> converted_frames(kConvertedFrameSlots);
  BoundedQueue<AvPacketPtr> packets(kPacketSlots);
  FailureLatch failure([&] {
    raw_frames.abort();
    converted_frames.abort();
    packets.abort();
  });
  std::optional<Error> input_error;

  auto guarded = [&](const char* name, auto body) {
    return std::jthread([&, name, body] {
      name_thread(name);
      try {
        body();
      } catch (...) {
        failure.capture(std::current_exception());
      }
    });
  };

  progress.start();
  {
    auto reader = guarded("fo-read", [&] {
      try {
        while (!pacer.done()) {
          auto frame = std::make_shared<VideoFrame>();
          if (source->read(*frame) == ReadResult::End) break;
          counters.frames_read++;
          const int64_t first = pacer.next_output();
          const int64_t count = pacer.outputs_for(frame->index);
          if (count == 0) {
            counters.input_frames_skipped++;
            continue;
          }
          if (!raw_frames.push({std::move(frame), first, count})) break;
        }
      } catch (const Error& e) {
        if (e.code() != ExitCode::Input) throw;
        input_error = e;  // finish the file with the complete frames, report afterwards
      }
      raw_frames.close();
    });
    auto convert = guarded("fo-convert", [&] {
      while (auto item = raw_frames.pop()) {
        AvFramePtr converted = converter.convert(*item->frame);
        for (int64_t k = 0; k < item->count; ++k) {
          // Repeats share the converted pixels; they are the frames the Info channels call dropped.
          AvFramePtr out = k + 1 < item->count ? AvFramePtr(av_frame_clone(converted.get())) : std::move(converted);
          out->pts = item->first_output + k;
          if (k > 0) counters.total_frames_dropped++;
          if (!converted_frames.push(std::move(out))) return;
        }
      }
      converted_frames.close();
    });
    auto encode = guarded("fo-encode", [&] {
      std::vector<AvPacketPtr> ready;
      auto hand_over = [&] {
        for (auto& p : ready)
          if (!packets.push(std::move(p))) return false;
        ready.clear();
        return true;
      };
      while (auto frame = converted_frames.pop()) {
        encoder.encode(frame->get(), ready);
        if (!hand_over()) return;
      }
      if (failure.failed()) return;
      encoder.flush(ready);
      hand_over();
      packets.close();
    });
    auto mux = guarded("fo-mux", [&] {
      while (auto packet = packets.pop()) {
        if (!muxer.is_open()) muxer.open(*encoder.context());
        muxer.write(**packet, encoder.context()->time_base);
        counters.total_frames_written++;
        counters.bytes_written = muxer.bytes_written();
      }
      if (!failure.failed() && muxer.is_open()) muxer.finish();
    });
  }  // the jthreads join here
  progress.stop(!failure.failed());

  if (failure.failed()) {
    muxer.abort();
    failure.rethrow();
  }
  if (counters.total_frames_written == 0) {
    if (input_error) throw *input_error;
    throw Error(ExitCode::Input, fmt::format("no frames were read from input \"{}\" (--input); nothing was written",
                                             info.name));
  }
  std::error_code size_error;
  if (const auto size = std::filesystem::file_size(target.final_path(), size_error); !size_error)
    counters.bytes_written = static_cast<int64_t>(size);  // includes the trailer
  spdlog::info("wrote \"{}\": {} frames, {} bytes", target.final_path().string(), counters.total_frames_written.load(),
               counters.bytes_written.load());
  if (input_error) throw *input_error;
  return {{target.final_path()}};
}

}  // namespace frameout
