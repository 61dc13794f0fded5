#include "run_job.hpp"

#include <optional>

#include <fmt/format.h>

#include "pipeline/audio_pipeline.hpp"
#include "pipeline/image_pipeline.hpp"
#include "pipeline/movie_pipeline.hpp"
#include "plan/audio_plan.hpp"
#include "plan/endless_input.hpp"
#include "plan/image_plan.hpp"
#include "plan/movie_plan.hpp"
#include "plan/source_plan.hpp"
#include "plan/unused_params.hpp"
#include "sources/open_source.hpp"

namespace frameout {

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
  auto video = open_video_source(source);
  note_input_rate(source, video->info());
  const bool endless = source.kind == VideoSourceSpec::Kind::TestPattern;
  const std::string type = job.text("type");
  if (type == "image" || type == "imagesequence") {
    const ImageJob images = plan_images(job, video->info());
    warn_unused_parameters(job, fmt::format("a {} {}", images.spec.writer->token(),
                                            images.spec.sequence ? "image sequence" : "still image"));
    note_endless_recording(job, endless);
    return run_images(std::move(video), images.layers, images.spec, progress, counters);
  }
  std::unique_ptr<AudioSource> audio;
  if (!job.text("audiochop").empty()) audio = open_audio_source(plan_audio_source(job, "audiochop"));
  const MovieSpec spec = plan_movie(job, video->info(), audio ? std::optional(audio->info()) : std::nullopt);
  warn_unused_parameters(job, fmt::format("a {} movie", spec.codec->token));
  note_endless_recording(job, endless);
  return run_movie(std::move(video), std::move(audio), spec, progress, counters);
}

}  // namespace frameout
