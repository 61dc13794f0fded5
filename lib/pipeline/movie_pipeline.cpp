#include "pipeline/movie_pipeline.hpp"

#include <atomic>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "convert/frame_converter.hpp"
#include "core/error.hpp"
#include "job/held_format.hpp"
#include "naming/output_target.hpp"
#include "pipeline/bounded_queue.hpp"
#include "pipeline/failure_latch.hpp"
#include "pipeline/frame_pacer.hpp"
#include "pipeline/ordered_gate.hpp"
#include "pipeline/paced_reader.hpp"
#include "pipeline/stage_thread.hpp"
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
constexpr size_t kPacketSlots = 8;  // packets of intra codecs can be as large as a raw frame

//! A packet and the encoder that made it (its parameters open the muxer).
struct EncodedPacket {
  AvPacketPtr packet;
  const VideoEncoder* encoder = nullptr;
};

//! The stream as the pipeline holds it: the input, in the Common-page `format` when one is given.
StreamInfo held_stream(const Job& job, StreamInfo info) {
  info.format = held_format(job, info.format);
  return info;
}

//! One movie recording: owns the stages and the queues between them.
class MovieRun {
 public:
  MovieRun(const Job& job, Counters& counters)
      : counters_(counters),
        source_(open_video_source(job)),
        info_(held_stream(job, source_->info())),
        plan_(plan_movie(job, info_)),
        target_(plan_.file, {job.toggle("uniquesuff"), job.integer("n"), job.toggle("overwrite")}),
        muxer_(plan_, target_),
        pacer_(info_.rate, plan_.fps, plan_.frame_limit),
        progress_(progress_mode(job.text("progress")), counters, expected_outputs(info_, plan_.fps, plan_.frame_limit),
                  target_.final_path().string()),
        raw_frames_(kRawFrameSlots),
        converted_frames_(kConvertedFrameSlots),
        packets_(kPacketSlots),
        failure_([this] {
          raw_frames_.abort();
          converted_frames_.abort();
          packets_.abort();
          gate_.abort();
        }) {
    if (info_.format.token != source_->info().format.token) hold_as_ = info_.format;
    // Converters and encoders are made up front so a job they refuse fails before any file is opened.
    for (int i = 0; i < plan_.frame_workers; ++i) {
      converters_.push_back(std::make_unique<FrameConverter>(info_, plan_.format));
      encoders_.push_back(std::make_unique<VideoEncoder>(plan_, target_.final_path().string()));
    }
  }

  RunOutcome run() {
    progress_.start();
    {
      std::vector<std::jthread> threads;
      threads.push_back(stage("fo-read", [this] { read_stage(); }));
      if (plan_.frame_workers > 1) {
        remaining_workers_ = plan_.frame_workers;
        for (int i = 0; i < plan_.frame_workers; ++i)
          threads.push_back(stage("fo-frame", [this, i] { frame_worker_stage(i); }));
      } else {
        threads.push_back(stage("fo-convert", [this] { convert_stage(); }));
        threads.push_back(stage("fo-encode", [this] { encode_stage(); }));
      }
      threads.push_back(stage("fo-mux", [this] { mux_stage(); }));
    }  // the jthreads join here
    progress_.stop(!failure_.failed());
    return finish();
  }

 private:
  template <typename Body>
  std::jthread stage(const char* name, Body body) {
    return start_stage(name, failure_, body);
  }

  void read_stage() { input_error_ = read_paced_frames(*source_, pacer_, counters_, raw_frames_, hold_as_); }

  //! Converts an input frame once and stamps every output frame it fills.
  template <typename Sink>
  bool convert_and_emit(FrameConverter& converter, const PacedFrame& item, Sink sink) {
    AvFramePtr converted = converter.convert(*item.frame);
    for (int64_t k = 0; k < item.count; ++k) {
      // Repeats share the converted pixels; they are the frames the Info channels call dropped.
      AvFramePtr out = k + 1 < item.count ? AvFramePtr(av_frame_clone(converted.get())) : std::move(converted);
      out->pts = item.first_output + k;
      if (k > 0) counters_.total_frames_dropped++;
      if (!sink(std::move(out))) return false;
    }
    return true;
  }

  bool hand_over(std::vector<AvPacketPtr>& ready, const VideoEncoder& encoder) {
    for (auto& p : ready)
      if (!packets_.push({std::move(p), &encoder})) return false;
    ready.clear();
    return true;
  }

  void convert_stage() {
    while (auto item = raw_frames_.pop())
      if (!convert_and_emit(*converters_[0], *item, [&](AvFramePtr f) { return converted_frames_.push(std::move(f)); }))
        return;
    converted_frames_.close();
  }

  void encode_stage() {
    VideoEncoder& encoder = *encoders_[0];
    std::vector<AvPacketPtr> ready;
    while (auto frame = converted_frames_.pop()) {
      encoder.encode(frame->get(), ready);
      if (!hand_over(ready, encoder)) return;
    }
    if (failure_.failed()) return;
    encoder.flush(ready);
    if (hand_over(ready, encoder)) packets_.close();
  }

  // Intra-only codecs: each worker converts and encodes whole frames with its own encoder, so both
  // cores work on different frames; the gate keeps the packets in input order.
  void frame_worker_stage(int worker) {
    VideoEncoder& encoder = *encoders_[worker];
    std::vector<AvPacketPtr> ready;
    while (auto item = raw_frames_.pop()) {
      if (!convert_and_emit(*converters_[worker], *item, [&](AvFramePtr f) {
            encoder.encode(f.get(), ready);
            return true;
          }))
        return;
      if (!gate_.wait_turn(item->sequence)) return;
      const bool handed = hand_over(ready, encoder);
      gate_.pass();
      if (!handed) return;
    }
    if (failure_.failed()) return;
    encoder.flush(ready);
    if (!ready.empty())
      throw Error(ExitCode::Output, fmt::format("the {} encoder held frames back, which intra-only encoding does not "
                                                "expect (\"{}\")",
                                                plan_.codec->encoder, target_.final_path().string()));
    if (--remaining_workers_ == 0) packets_.close();
  }

  void mux_stage() {
    while (auto item = packets_.pop()) {
      if (!muxer_.is_open()) muxer_.open(*item->encoder->context());
      muxer_.write(*item->packet, item->encoder->context()->time_base);
      counters_.total_frames_written++;
      counters_.bytes_written = muxer_.bytes_written();
    }
    if (!failure_.failed() && muxer_.is_open()) muxer_.finish();
  }

  RunOutcome finish() {
    if (failure_.failed()) {
      muxer_.abort();
      failure_.rethrow();
    }
    if (counters_.total_frames_written == 0) {
      if (input_error_) throw *input_error_;
      throw Error(ExitCode::Input, fmt::format("no frames were read from input \"{}\" (--input); nothing was written",
                                               info_.name));
    }
    std::error_code size_error;
    if (const auto size = std::filesystem::file_size(target_.final_path(), size_error); !size_error)
      counters_.bytes_written = static_cast<int64_t>(size);  // includes the trailer
    spdlog::info("wrote \"{}\": {} frames, {} bytes", target_.final_path().string(),
                 counters_.total_frames_written.load(), counters_.bytes_written.load());
    if (input_error_) throw *input_error_;
    return {{target_.final_path()}};
  }

  Counters& counters_;
  std::unique_ptr<VideoSource> source_;
  StreamInfo info_;
  MoviePlan plan_;
  OutputTarget target_;
  std::vector<std::unique_ptr<FrameConverter>> converters_;
  std::vector<std::unique_ptr<VideoEncoder>> encoders_;
  MovieMuxer muxer_;
  FramePacer pacer_;
  ProgressReporter progress_;
  BoundedQueue<PacedFrame> raw_frames_;
  BoundedQueue<AvFramePtr> converted_frames_;
  BoundedQueue<EncodedPacket> packets_;
  OrderedGate gate_;
  FailureLatch failure_;
  std::atomic<int> remaining_workers_{0};
  std::optional<PixelFormat> hold_as_;  // the Common-page `format`, when it differs from the input's
  std::optional<Error> input_error_;
};

}  // namespace

RunOutcome run_movie(const Job& job, Counters& counters) { return MovieRun(job, counters).run(); }

}  // namespace frameout
