#include "pipeline/audio_pipeline.hpp"

#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "system/error.hpp"
#include "naming/output_target.hpp"
#include "pipeline/bounded_queue.hpp"
#include "pipeline/frame_pool.hpp"
#include "pipeline/stage_thread.hpp"
#include "report/progress.hpp"
#include "sinks/audio/audio_spec.hpp"

namespace frameout {

namespace {

// A tenth of a second per block keeps latency and memory small at any rate; a file (whose reads never wait)
// is read in blocks of 64 KiB: fewer hand-overs than 0.1 s blocks, yet small enough to stay in the CPU cache
// between the stages (larger blocks measured slower).
constexpr int kBlocksPerSecond = 10;
constexpr int64_t kFileBlockBytes = 64 << 10;
constexpr size_t kBlockSlots = 16;

class AudioRun {
 public:
  AudioRun(std::unique_ptr<AudioSource> input, const AudioFileSpec& spec, ProgressMode progress, Counters& counters)
      : counters_(counters),
        source_(std::move(input)),
        info_(source_->info()),
        plan_(spec),
        progress_(progress, counters,
                  plan_.frame_limit ? plan_.frame_limit : info_.frame_count, plan_.file.string()),
        blocks_(kBlockSlots),
        failure_([this] { blocks_.abort(); }) {
    counters_.counts_samples = true;
  }

  RunOutcome run() {
    if (!plan_.record) {
      spdlog::info("--record is off: the job is valid and nothing was written");
      return {};
    }
    OutputTarget target(plan_.file, plan_.naming);
    writer_ = make_audio_writer(plan_);
    for (const auto& key : writer_->unsupported_metadata())
      spdlog::warn("{} files cannot hold the header key \"{}\" (--headerdat); it was left out", plan_.filetype, key);
    progress_.start();
    {
      auto reader = start_stage("fo-read", failure_, [this] { read_stage(); });
      auto writer = start_stage("fo-write", failure_, [this, &target] { write_stage(target); });
    }
    progress_.stop(!failure_.failed());
    failure_.rethrow();
    if (!opened_) throw nothing_written(input_error_, "samples", info_.name);
    std::error_code ec;
    counters_.bytes_written = static_cast<int64_t>(std::filesystem::file_size(target.final_path(), ec));
    spdlog::info("wrote \"{}\": {} samples, {} bytes", target.final_path().string(),
                 counters_.audio_samples_written.load(), counters_.bytes_written.load());
    return {{target.final_path()}, input_error_};
  }

 private:
  void read_stage() {
    int64_t block_frames = std::max(1, info_.rate / kBlocksPerSecond);
    if (info_.frame_count) block_frames = std::max(block_frames, kFileBlockBytes / info_.frame_bytes());
    int64_t remaining = plan_.frame_limit.value_or(INT64_MAX);
    const auto pool = AudioBlockPool::create();
    try {
      while (remaining > 0) {
        auto block = pool->acquire();
        if (source_->read(*block, std::min(block_frames, remaining)) == ReadResult::End) break;
        if (block->frames() > remaining)
          block->data.resize(static_cast<size_t>(remaining) * block->channels * sample_bytes(block->format));
        remaining -= block->frames();
        if (!blocks_.push(std::move(block))) break;
      }
    } catch (const Error& e) {
      if (e.code() != ExitCode::Input) throw;
      input_error_ = e;  // finish the file with the complete samples, report afterwards
    }
    blocks_.close();
  }

  void write_stage(OutputTarget& target) {
    try {
      while (auto block = blocks_.pop()) {
        if (!opened_) {
          writer_->open(target.temp_path(), info_.rate, info_.channels);
          opened_ = true;
        }
        if (plan_.paused) continue;  // the state machine's paused state: the file stays, samples are not added
        writer_->write(**block);
        counters_.audio_samples_written += (*block)->frames();
      }
      if (failure_.failed() || !opened_) return;
      writer_->close();
      target.commit();
    } catch (const Error& e) {
      writer_.reset();  // closes the file before the temporary name is removed
      target.discard();
      throw target.with_final_name(e);  // the writer names the hidden temporary file
    } catch (...) {
      writer_.reset();
      target.discard();
      throw;
    }
  }

  Counters& counters_;
  std::unique_ptr<AudioSource> source_;
  AudioInfo info_;
  const AudioFileSpec plan_;
  ProgressReporter progress_;
  BoundedQueue<std::shared_ptr<const AudioBlock>> blocks_;
  FailureLatch failure_;
  std::unique_ptr<AudioFileWriter> writer_;
  bool opened_ = false;
  std::optional<Error> input_error_;
};

}  // namespace

RunOutcome run_audio(std::unique_ptr<AudioSource> input, const AudioFileSpec& spec, ProgressMode progress,
                     Counters& counters) {
  return AudioRun(std::move(input), spec, progress, counters).run();
}

}  // namespace frameout
