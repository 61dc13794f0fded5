#include "pipeline/movie_pipeline.hpp"

#include <atomic>
#include <deque>
#include <limits>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "convert/frame_converter.hpp"
#include "system/error.hpp"
#include "system/mapping_guard.hpp"
#include "naming/output_target.hpp"
#include "pipeline/audio_track_feed.hpp"
#include "pipeline/bounded_queue.hpp"
#include "pipeline/failure_latch.hpp"
#include "pipeline/frame_pacer.hpp"
#include "pipeline/reorder_buffer.hpp"
#include "pipeline/paced_reader.hpp"
#include "pipeline/stage_thread.hpp"
#include "pipeline/stall_for_open.hpp"
#include "report/progress.hpp"
#include "sinks/movie/movie_muxer.hpp"
#include "sinks/movie/video_encoder.hpp"

namespace frameout {

namespace {

// Small queues keep memory bounded on any input length while letting the stages overlap.
constexpr size_t kRawFrameSlots = 3;
constexpr size_t kConvertedFrameSlots = 3;
constexpr size_t kPacketSlots = 8;  // packets of intra codecs can be as large as a raw frame
// Frames a fast worker may finish ahead of the oldest one still being encoded.
constexpr int64_t kReorderWindow = 4;
// How far a sound track that can wait (generated, a file) may read ahead of the video.
constexpr double kAudioLeadSeconds = 2.0;

//! A packet and the video encoder that made it (its parameters open the muxer); nullptr for audio.
struct EncodedPacket {
  AvPacketPtr packet;
  const VideoEncoder* encoder = nullptr;
};

//! The stream as the pipeline holds it: the input, in the Common-page `format` when one is given.
StreamInfo held_stream(StreamInfo info, const std::optional<PixelFormat>& hold_as) {
  if (hold_as) info.format = *hold_as;
  return info;
}

//! The take's input: a live one as Stall for File Open says (`spec.stall_for_open`), any other as it is.
std::unique_ptr<VideoSource> take_input(std::unique_ptr<VideoSource> video, const MovieSpec& spec,
                                        const OutputOpened& opened) {
  if (!spec.stall_for_open) return video;
  return std::make_unique<StallForOpenSource>(std::move(video), *spec.stall_for_open, opened);
}

//! One movie recording: owns the stages and the queues between them.
class MovieRun {
 public:
  MovieRun(std::unique_ptr<VideoSource> video, std::unique_ptr<AudioSource> audio, const MovieSpec& spec,
           ProgressMode progress, Counters& counters, RecordControl* control)
      : counters_(counters),
        control_(control),
        source_(take_input(std::move(video), spec, output_opened_)),
        info_(held_stream(source_->info(), spec.hold_as)),
        plan_(spec),
        target_(plan_.file, plan_.naming),
        muxer_(plan_, target_),
        pacer_(info_.rate, plan_.fps, plan_.frame_limit),
        progress_(progress, counters, expected_outputs(info_, plan_.fps, plan_.frame_limit),
                  target_.final_path().string()),
        raw_frames_(kRawFrameSlots),
        converted_frames_(kConvertedFrameSlots),
        packets_(kPacketSlots),
        reorder_(kReorderWindow),
        failure_([this] {
          raw_frames_.abort();
          converted_frames_.abort();
          packets_.abort();
          reorder_.abort();
          output_opened_.abandon();
          if (audio_) audio_->abort();
        }) {
    // Converters and encoders are made up front so a job they refuse fails before any file is opened.
    for (int i = 0; i < plan_.frame_workers; ++i) {
      converters_.push_back(std::make_unique<FrameConverter>(info_, plan_.format));
      encoders_.push_back(std::make_unique<VideoEncoder>(plan_, target_.final_path().string()));
    }
    if (plan_.audio) {
      AudioEncoderSettings encoder = plan_.audio->encoder;
      encoder.output_name = target_.final_path().string();
      audio_ = std::make_unique<AudioTrackFeed>(std::move(audio), encoder, counters_,
                                                [this](AvPacketPtr p) { return packets_.push({std::move(p), nullptr}); });
      if (plan_.frame_limit) audio_->limit_samples(samples_for_frames(*plan_.frame_limit));
      counters_.audio_rate = audio_->info().rate;
      counters_.video_rate = plan_.fps;
    }
  }

  RunOutcome run() {
    progress_.start();
    {
      std::vector<std::jthread> threads;
      threads.push_back(stage("fo-read", [this] { read_stage(); }));
      remaining_producers_ = (plan_.frame_workers > 1 ? plan_.frame_workers : 1) + (audio_ ? 1 : 0);
      if (audio_) audio_->start(failure_, threads, [this] { producer_done(); });
      if (plan_.frame_workers > 1) {
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

  void read_stage() {
    // A live input (the only kind with a Stall for File Open setting) loses frames taken late: the buffers of
    // every frame in flight (queued, being read, being encoded) are ready before the first one.
    const size_t in_flight = kRawFrameSlots + 1 + static_cast<size_t>(std::max(plan_.frame_workers, 1));
    input_error_ = read_paced_frames(*source_, pacer_, counters_, raw_frames_, plan_.hold_as, control_,
                                     plan_.stall_for_open ? in_flight : 0);
    if (audio_) {
      // The video's length is known now: the sound track ends with it.
      audio_->limit_samples(samples_for_frames(pacer_.next_output()));
      audio_->allow_until(std::numeric_limits<double>::infinity());
    }
  }

  int64_t samples_for_frames(int64_t frames) const {
    return av_rescale(frames, int64_t{audio_->info().rate} * plan_.fps.den, plan_.fps.num);
  }

  void producer_done() {
    if (--remaining_producers_ == 0) packets_.close();
  }

  //! Converts an input frame once and stamps every output frame it fills.
  template <typename Sink>
  bool convert_and_emit(FrameConverter& converter, const PacedFrame& item, Sink sink) {
    AvFramePtr converted = converter.convert(*item.frame);
    counters_.colour_values_clipped += converter.take_clipped();
    check_mapped_reads();
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
      encoder.encode(frame->get(), ready);  // may still read a mapped input frame (no conversion needed)
      check_mapped_reads();
      if (!hand_over(ready, encoder)) return;
    }
    if (failure_.failed()) return;
    encoder.flush(ready);
    if (hand_over(ready, encoder)) producer_done();
  }

  // Intra-only codecs: each worker converts and encodes whole frames with its own encoder, so both
  // cores work on different frames; the reorder buffer hands the packets on in input order without
  // making a worker wait for a slower one.
  void frame_worker_stage(int worker) {
    VideoEncoder& encoder = *encoders_[worker];
    std::vector<AvPacketPtr> ready;
    if (plan_.stall_for_open) warm_up(worker);
    while (auto item = raw_frames_.pop()) {
      if (!reorder_.wait_room(item->sequence)) return;
      if (!convert_and_emit(*converters_[worker], *item, [&](AvFramePtr f) {
            encoder.encode(f.get(), ready);
            return true;
          }))
        return;
      check_mapped_reads();
      if (!reorder_.deliver(item->sequence, {std::move(ready), &encoder},
                            [&](EncodedFrame& done) { return hand_over(done.packets, *done.encoder); }))
        return;
      ready.clear();
    }
    if (failure_.failed()) return;
    encoder.flush(ready);
    if (!ready.empty())
      throw Error(ExitCode::Output, fmt::format("the {} encoder held frames back, which intra-only encoding does not "
                                                "expect (\"{}\")",
                                                plan_.codec->encoder, target_.final_path().string()));
    producer_done();
  }

  // A live take loses the frames that come while it is behind: each worker converts and encodes a blank frame
  // before the first one (intra-only codecs: the packet is dropped and changes nothing after it), so the
  // first frames do not also pay for the buffers and tables the conversion and the encoder set up on first use.
  void warm_up(int worker) {
    VideoFrame blank;
    blank.width = info_.width;
    blank.height = info_.height;
    blank.format = info_.format;
    blank.data.resize(info_.format.frame_bytes(info_.width, info_.height));
    AvFramePtr converted = converters_[worker]->convert(blank);
    converters_[worker]->take_clipped();
    std::vector<AvPacketPtr> dropped;
    encoders_[worker]->encode(converted.get(), dropped);
  }

  void mux_stage() {
    // Audio waits here until the video has reached its time, so the track can end with the picture;
    // audio that starts after the last frame is dropped.
    std::deque<AvPacketPtr> held_audio;
    const AVRational video_time_base{static_cast<int>(plan_.fps.den), static_cast<int>(plan_.fps.num)};
    int64_t video_reached = 0;  // end of the latest video frame, in frames
    auto release_audio = [&](bool video_ended) {
      const AVRational audio_time_base = audio_->encoder_context()->time_base;
      while (!held_audio.empty()) {
        AVPacket& a = *held_audio.front();
        if (av_compare_ts(a.pts, audio_time_base, video_reached, video_time_base) >= 0) {
          if (video_ended) held_audio.clear();
          return;
        }
        muxer_.write(a, 1, audio_time_base);
        held_audio.pop_front();
      }
    };
    if (plan_.stall_for_open) {
      // A live input: the encoders (the slow part of opening: SVT-AV1 takes a second at 1080p) open before the
      // first frame, which Stall for File Open waits for or not. The file itself is still written from the first
      // packet on, so that a crash never leaves one without pictures.
      for (auto& encoder : encoders_) encoder->open();
      output_opened_.open();
    }
    while (auto item = packets_.pop()) {
      if (item->encoder == nullptr) {
        held_audio.push_back(std::move(item->packet));
        if (muxer_.is_open()) release_audio(false);
        continue;
      }
      if (!muxer_.is_open()) muxer_.open(*item->encoder->context(), audio_ ? audio_->encoder_context() : nullptr);
      video_reached = std::max(video_reached, item->packet->pts + 1);
      muxer_.write(*item->packet, 0, item->encoder->context()->time_base);
      counters_.total_frames_written++;
      counters_.bytes_written = muxer_.bytes_written();
      if (audio_) {
        audio_->allow_until(static_cast<double>(video_reached) * plan_.fps.den / plan_.fps.num + kAudioLeadSeconds);
        release_audio(false);
      }
    }
    if (failure_.failed() || !muxer_.is_open()) return;
    if (audio_) release_audio(true);
    muxer_.finish();
  }

  RunOutcome finish() {
    if (failure_.failed()) {
      muxer_.abort();
      failure_.rethrow();
    }
    // Counters add up over the takes of a recording; the message is about this take's file.
    const int64_t frames = counters_.total_frames_written - frames_before_;
    if (frames == 0) throw nothing_written(input_error_, "frames", info_.name);
    std::error_code size_error;
    const auto size = std::filesystem::file_size(target_.final_path(), size_error);
    if (!size_error) counters_.bytes_written = bytes_before_ + static_cast<int64_t>(size);  // includes the trailer
    spdlog::info("wrote \"{}\": {} frames, {} bytes", target_.final_path().string(), frames,
                 size_error ? 0 : static_cast<int64_t>(size));
    return {{target_.final_path()}, input_error_ ? input_error_ : audio_ ? audio_error() : std::nullopt};
  }

  // The sound track's input error; a track that never delivered a sample is one too: the movie is kept (its
  // pictures are whole) but the run must not pass as complete without the sound the user asked for.
  std::optional<Error> audio_error() const {
    if (audio_->input_error()) return audio_->input_error();
    if (counters_.audio_samples_written > 0) return std::nullopt;
    return Error(ExitCode::Input, fmt::format("--audiochop \"{}\" delivered no samples: \"{}\" was written without "
                                              "its sound track",
                                              audio_->info().name, target_.final_path().string()));
  }

  Counters& counters_;
  RecordControl* control_;  // optional: which frames are recorded
  int64_t frames_before_ = counters_.total_frames_written;  // earlier takes' frames and bytes
  int64_t bytes_before_ = counters_.bytes_written;
  OutputOpened output_opened_;  // before the source, which may wait on it
  std::unique_ptr<VideoSource> source_;
  StreamInfo info_;
  const MovieSpec plan_;
  OutputTarget target_;
  std::vector<std::unique_ptr<FrameConverter>> converters_;
  std::vector<std::unique_ptr<VideoEncoder>> encoders_;
  MovieMuxer muxer_;
  FramePacer pacer_;
  ProgressReporter progress_;
  BoundedQueue<PacedFrame> raw_frames_;
  BoundedQueue<AvFramePtr> converted_frames_;
  BoundedQueue<EncodedPacket> packets_;
  // The packets of one input frame and the encoder that made them, waiting for their turn.
  struct EncodedFrame {
    std::vector<AvPacketPtr> packets;
    const VideoEncoder* encoder = nullptr;
  };
  ReorderBuffer<EncodedFrame> reorder_;
  FailureLatch failure_;
  std::unique_ptr<AudioTrackFeed> audio_;
  std::atomic<int> remaining_producers_{0};  // packet producers still running; the last closes the queue
  std::optional<Error> input_error_;
};

}  // namespace

RunOutcome run_movie(std::unique_ptr<VideoSource> video, std::unique_ptr<AudioSource> audio, const MovieSpec& spec,
                     ProgressMode progress, Counters& counters, RecordControl* control) {
  return MovieRun(std::move(video), std::move(audio), spec, progress, counters, control).run();
}

}  // namespace frameout
