#pragma once
// The --report file: final counters, output paths, timings and the outcome of a run.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "media/counters.hpp"

namespace frameout {

//! How a run ended.
struct RunSummary {
  nlohmann::json job;                          //!< the job's given parameters (as `frameout run` takes them)
  int exit_code = 0;                           //!< the process exit code
  std::string message;                         //!< the error message, empty on success
  std::vector<std::filesystem::path> outputs;  //!< files written
};

//! Writes the report JSON (under a temporary name, then renamed); throws Error(Output) naming the file.
void write_run_report(const std::filesystem::path& path, const RunSummary& summary, const Counters& counters);

}  // namespace frameout
