#include "pipeline/run_job.hpp"

#include "core/error.hpp"
#include "pipeline/image_pipeline.hpp"

namespace frameout {

RunOutcome run_job(const Job& job, Counters& counters) {
  if (job.command() == params::Command::Audio)
    throw Error(ExitCode::Unavailable, "frameout audio is not implemented yet in this build");
  const std::string type = job.text("type");
  if (type == "image" || type == "imagesequence") return run_images(job, counters);
  return run_movie(job, counters);
}

}  // namespace frameout
