#include "pipeline/run_job.hpp"

#include "pipeline/audio_pipeline.hpp"
#include "pipeline/image_pipeline.hpp"

namespace frameout {

RunOutcome run_job(const Job& job, Counters& counters) {
  if (job.command() == params::Command::Audio) return run_audio(job, counters);
  const std::string type = job.text("type");
  if (type == "image" || type == "imagesequence") return run_images(job, counters);
  return run_movie(job, counters);
}

}  // namespace frameout
