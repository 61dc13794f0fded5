#include "run_job.hpp"

#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "live_settings.hpp"
#include "pipeline/audio_gate.hpp"
#include "pipeline/audio_pipeline.hpp"
#include "pipeline/control_reader.hpp"
#include "pipeline/image_pipeline.hpp"
#include "pipeline/movie_pipeline.hpp"
#include "pipeline/next_take.hpp"
#include "pipeline/record_control.hpp"
#include "plan/audio_plan.hpp"
#include "plan/endless_input.hpp"
#include "plan/image_plan.hpp"
#include "plan/movie_plan.hpp"
#include "plan/output_timing.hpp"
#include "plan/source_plan.hpp"
#include "plan/unused_params.hpp"
#include "sources/borrowed_source.hpp"
#include "sources/open_source.hpp"
#include "sources/retimed_source.hpp"
#include "system/control_signals.hpp"
#include "system/error.hpp"
#include "system/huge_pages.hpp"

namespace frameout {

namespace {

// The page's Record, Pause and Add Frame as given at start, and the --control channel.
struct Controls {
  std::unique_ptr<RecordControl> state;
  std::unique_ptr<ControlReader> reader;
};

Controls open_controls(const Job& job, Counters& counters, bool stop_frame, RecordControl::SettingCheck settings) {
  Controls controls;
  controls.state = std::make_unique<RecordControl>(job.toggle("record"), job.toggle("pause"), stop_frame, counters);
  if (job.given("addframe")) controls.state->apply("addframe", "start");
  controls.state->accept_settings(std::move(settings));
  install_control_signals();
  if (const std::string channel = job.text("control"); !channel.empty()) {
    for (const char* input : {"input", "audiochop"})
      if ((channel == "stdin" || channel == "-") && job.text(input) == "-")
        throw Error(ExitCode::Usage, fmt::format("--control stdin: standard input already carries --{} -", input));
    controls.reader = std::make_unique<ControlReader>(channel, *controls.state);
  }
  return controls;
}

void add_outputs(RunOutcome& all, RunOutcome take) {
  all.outputs.insert(all.outputs.end(), take.outputs.begin(), take.outputs.end());
  all.input_error = std::move(take.input_error);
}

}  // namespace

RunOutcome run_job(const Job& job, Counters& counters) {
  const ProgressMode progress = progress_mode(job.text("progress"));
  if (job.command() == params::Command::Audio) {
    const AudioSourceSpec source = plan_audio_source(job, "input");
    auto input = open_audio_source(source);
    const AudioFileSpec spec = plan_audio(job, input->info().rate, input->info().channels);
    warn_unused_parameters(job, fmt::format("a {} file", spec.filetype));
    note_endless_recording(job, source.kind == AudioSourceSpec::Kind::Tone);
    return run_audio(std::move(input), spec, progress, counters);
  }
  const VideoSourceSpec source = plan_video_source(job);
  if (source.realtime) keep_to_small_pages();
  std::unique_ptr<VideoSource> video = open_video_source(source);
  note_input_rate(source, video->info());
  const bool endless = source.kind == VideoSourceSpec::Kind::TestPattern;
  const std::string type = job.text("type");
  const bool stop_frame = type == "stopframemovie";
  // A stop-frame movie shows each added frame for one frame of the movie, whatever the input's rate.
  if (stop_frame) video = std::make_unique<RetimedSource>(std::move(video), resolve_output_rate(job, video->info().rate));
  // A movie's sound track is cut as its pictures are, take by take (see AudioGate).
  std::unique_ptr<AudioGate> sound;
  if (type != "image" && type != "imagesequence" && !job.text("audiochop").empty())
    sound = std::make_unique<AudioGate>(open_audio_source(plan_audio_source(job, "audiochop")), video->info().rate);
  const std::optional<AudioInfo> sound_info = sound ? std::optional(sound->info()) : std::nullopt;
  Controls controls;
  if (type != "image")
    controls = open_controls(job, counters, stop_frame, live_setting_check(job, video->info(), sound_info));
  if (sound) {
    controls.state->observe(*sound);
    // The page's Realtime with an Audio CHOP: a live sound track sets the time, frames repeat to follow it.
    if (sound->live() && video->follow_clock(*sound))
      spdlog::info("the frames follow the sound track's clock (--audiochop {})", job.text("audiochop"));
  }

  // One take, or (record off, then on) several: each under the next unique name, reading on from the input.
  // Each take is planned (and refused) before any frame is waited for; the first one, recording from the
  // start, begins at once, later ones (and a first one with --record off) with the next frame to be recorded.
  RunOutcome all;
  Job take_job = job;
  const bool images = type == "image" || type == "imagesequence";
  std::optional<ImageJob> image_plan;
  std::optional<MovieSpec> movie_plan;
  const auto plan_take = [&] {
    if (images) image_plan = plan_images(take_job, video->info());
    else movie_plan = plan_movie(take_job, video->info(), sound_info);
  };
  for (bool first = true;; first = false) {
    if (controls.state) apply_live_settings(take_job, *controls.state);
    plan_take();
    if (first) {
      warn_unused_parameters(take_job, images ? fmt::format("a {} {}", image_plan->spec.writer->token(),
                                                            image_plan->spec.sequence ? "image sequence" : "still image")
                                              : fmt::format("a {} movie", movie_plan->codec->token));
      note_endless_recording(take_job, endless);
    }
    std::optional<VideoFrame> start;
    if (controls.state && (!first || !job.toggle("record"))) {
      start = next_take_start(*video, *controls.state, counters);
      if (!start) break;
      if (apply_live_settings(take_job, *controls.state)) plan_take();  // sent while recording was off
    }
    auto lent = std::make_unique<BorrowedSource>(*video, std::move(start));
    add_outputs(all, images ? run_images(std::move(lent), image_plan->layers, image_plan->spec, progress, counters,
                                         controls.state.get())
                            : run_movie(std::move(lent), sound ? sound->track() : nullptr, *movie_plan,
                                        progress, counters, controls.state.get()));
    if (all.input_error || !controls.state || !controls.state->take_ended()) break;
    take_job.set("uniquesuff", "on");  // the next take must not replace this one
  }
  if (all.outputs.empty() && controls.state) spdlog::warn("nothing was recorded: recording never came on");
  return all;
}

}  // namespace frameout
