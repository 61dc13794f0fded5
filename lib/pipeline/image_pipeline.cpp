#include "pipeline/image_pipeline.hpp"

#include <mutex>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "convert/colour_transform.hpp"
#include "convert/reformat.hpp"
#include "system/error.hpp"
#include "system/mapping_guard.hpp"
#include "naming/frame_pattern.hpp"
#include "naming/output_target.hpp"
#include "naming/sequence_claim.hpp"
#include "pipeline/paced_reader.hpp"
#include "pipeline/stage_thread.hpp"
#include "report/progress.hpp"
#include "sources/layered_source.hpp"
#include "sources/open_source.hpp"

namespace frameout {

namespace {

//! One still or sequence recording.
class ImageRun {
 public:
  ImageRun(std::unique_ptr<VideoSource> video, const std::vector<VideoSourceSpec>& layers, const ImageSpec& spec,
           ProgressMode progress, Counters& counters, RecordControl* control)
      : counters_(counters),
        control_(control),
        source_(std::move(video)),
        info_(source_->info()),
        plan_(spec),
        pattern_(plan_.file, plan_.leading_zeros),
        // A still takes the one frame it needs; a sequence takes every paced frame.
        pacer_(info_.rate, plan_.fps, plan_.sequence ? plan_.frame_limit : std::nullopt),
        progress_(progress, counters,
                  plan_.sequence ? expected_outputs(info_, plan_.fps, plan_.frame_limit) : std::optional<int64_t>(1),
                  plan_.file.string()),
        // Frames in flight stay bounded: one per writer plus a short queue.
        frames_(static_cast<size_t>(plan_.workers) + 1),
        failure_([this] { frames_.abort(); }) {
    if (plan_.colour.converts()) transform_.emplace(plan_.colour, stores_fixed_point());
    if (layers.empty()) return;
    std::vector<LayerSource> opened;
    for (const auto& layer : layers) opened.push_back({open_video_source(layer), layer.param.substr(2)});
    source_ = std::make_unique<LayeredSource>(std::move(source_), std::move(opened));
  }

  RunOutcome run() {
    // Claimed before any writer starts: every file's number follows from the first.
    if (plan_.sequence && plan_.unique_suffix)
      claim_.emplace(pattern_, plan_.first_number, expected_outputs(info_, plan_.fps, plan_.frame_limit));
    first_number_ = claim_ ? claim_->number() : plan_.first_number;
    progress_.start();
    {
      std::vector<std::jthread> threads;
      threads.push_back(start_stage("fo-read", failure_, [this] { read_stage(); }));
      for (int i = 0; i < plan_.workers; ++i)
        threads.push_back(start_stage("fo-write", failure_, [this] { write_stage(); }));
    }
    progress_.stop(!failure_.failed());
    failure_.rethrow();
    if (!first_) {
      if (!plan_.sequence && counters_.frames_read > 0)
        throw Error(ExitCode::Input, fmt::format("input \"{}\" (--input) has {} frames; --frame {} is not among them",
                                                 info_.name, counters_.frames_read.load(), plan_.still_frame));
      throw nothing_written(input_error_, "frames", info_.name);
    }
    const int64_t files = counters_.total_frames_written - files_before_;  // this take's (counters add up)
    spdlog::info("wrote {} file{} ({} bytes), first \"{}\"", files, files == 1 ? "" : "s",
                 counters_.bytes_written.load(), first_->path.string());
    // A sequence is reported by its first and last files (the counters hold the count): listing every
    // file would make memory grow with the length of the run.
    std::vector<std::filesystem::path> outputs{first_->path};
    if (last_->path != first_->path) outputs.push_back(last_->path);
    return {outputs, input_error_};
  }

 private:
  void read_stage() {
    if (plan_.sequence) {
      input_error_ = read_paced_frames(*source_, pacer_, counters_, frames_, std::nullopt, control_);
      return;
    }
    // A still: skip to the chosen input frame, queue it once, stop reading.
    VideoFrame frame;
    while (source_->read(frame) == ReadResult::Frame) {
      counters_.frames_read++;
      if (frame.index == plan_.still_frame) {
        frames_.push({std::make_shared<VideoFrame>(std::move(frame)), 0, 0, 1});
        break;
      }
    }
    frames_.close();
  }

  void write_stage() {
    while (auto item = frames_.pop()) {
      // Conversion to the held and stored layouts happens here, on the writer threads, so it runs in parallel.
      std::optional<VideoFrame> converted;
      const VideoFrame* frame = item->frame.get();
      if (transform_) {
        int64_t outside = 0;
        converted = transform_->to_float(*frame, outside);
        if (stores_fixed_point()) counters_.colour_values_clipped += outside;
        frame = &*converted;
      }
      const std::string_view layout = frame->format.token;
      if (layout != plan_.stored.token || layout != plan_.held.token)
        converted = reformat_held(*frame, plan_.held, plan_.stored);
      const VideoFrame& stored = converted ? *converted : *item->frame;
      for (int64_t k = 0; k < item->count; ++k) {
        if (k > 0) counters_.total_frames_dropped++;
        write_file(stored, item->first_output + k);
      }
    }
  }

  // Whether the files hold fixed-point values, which clip to 0..1 (float ones keep any value).
  bool stores_fixed_point() const {
    for (const PixelFormat& f : {plan_.held, plan_.stored})
      if (f.sample == SampleType::F16 || f.sample == SampleType::F32 || f.sample == SampleType::Packed11_11_10F)
        return false;
    return true;
  }

  void write_file(const VideoFrame& frame, int64_t output_index) {
    const int64_t number = first_number_ + output_index;
    counters_.active_records++;
    counters_.cur_seq_index = number;
    if (claim_ && name_taken(pattern_.path_for(number)))
      throw Error(ExitCode::Output, fmt::format("\"{}\" (--file) appeared after this sequence claimed its first number "
                                                "{}: another writer is numbering into the same pattern (with a length "
                                                "unknown at the start, --uniquesuff on claims the first number only)",
                                                pattern_.path_for(number).string(), first_number_));
    // Each file is written under a hidden name and renamed, so readers never see half an image.
    OutputTarget target(plan_.sequence ? pattern_.path_for(number) : plan_.file,
                        {!plan_.sequence && plan_.unique_suffix, first_number_, plan_.overwrite});
    try {
      plan_.writer->write(target.temp_path(), frame, plan_.options);
    } catch (const Error& e) {
      throw target.with_final_name(e);  // the writer names the hidden temporary file
    }
    check_mapped_reads();  // an input file that shrank under the writer: the temporary file is discarded
    target.commit();
    counters_.active_records--;
    std::error_code ec;
    counters_.bytes_written += static_cast<int64_t>(std::filesystem::file_size(target.final_path(), ec));
    counters_.total_frames_written++;
    std::lock_guard lock(outputs_mutex_);
    if (!first_ || number < first_->number) first_ = NumberedFile{number, target.final_path()};
    if (!last_ || number > last_->number) last_ = NumberedFile{number, target.final_path()};
  }

  Counters& counters_;
  RecordControl* control_;  // optional: which frames are recorded
  int64_t files_before_ = counters_.total_frames_written;  // earlier takes' files
  std::unique_ptr<VideoSource> source_;
  StreamInfo info_;
  const ImageSpec plan_;
  FramePattern pattern_;
  FramePacer pacer_;
  std::optional<ColourTransform> transform_;  // set when the colour conversion changes values
  ProgressReporter progress_;
  BoundedQueue<PacedFrame> frames_;
  FailureLatch failure_;
  struct NumberedFile {
    int64_t number;
    std::filesystem::path path;
  };
  std::mutex outputs_mutex_;
  std::optional<NumberedFile> first_;  // lowest-numbered file written
  std::optional<NumberedFile> last_;   // highest-numbered file written
  std::optional<Error> input_error_;
  std::optional<SequenceClaim> claim_;  // uniquesuff sequences: the numbers this run writes
  int64_t first_number_ = 0;
};

}  // namespace

RunOutcome run_images(std::unique_ptr<VideoSource> video, const std::vector<VideoSourceSpec>& layers,
                      const ImageSpec& spec, ProgressMode progress, Counters& counters, RecordControl* control) {
  return ImageRun(std::move(video), layers, spec, progress, counters, control).run();
}

}  // namespace frameout
