// JSON jobs: any file is either loaded or refused with frameout::Error, and every loaded job saves and
// loads back to the same values (job_to_json promises that).
#include <cstdlib>

#include "system/error.hpp"
#include "fuzz_input.hpp"
#include "job/job_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace frameout;
  std::vector<Job> jobs;
  try {
    jobs = load_job_file(fuzzing::input_file(data, size, ".json"), {});
  } catch (const Error&) {
    return 0;
  }
  for (const Job& job : jobs) {
    const std::vector<Job> again = jobs_from_json(job_to_json(job), {}, "saved job");
    if (again.size() != 1 || again[0].values() != job.values() || again[0].command() != job.command()) std::abort();
  }
  return 0;
}
