#pragma once
// JSON jobs: keys are flag names without dashes; one job object or {"jobs": [ ... ]}.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "job/job.hpp"

namespace frameout {

//! Jobs from a parsed JSON document. `overrides` are NAME=VALUE texts applied to every job after its own keys.
//! An optional "command" key ("movie" or "audio", default movie) picks the command. `origin` names the source in errors.
std::vector<Job> jobs_from_json(const nlohmann::json& doc, const std::vector<std::string>& overrides,
                                const std::string& origin);

//! Reads and parses a JSON job file; errors name the file.
std::vector<Job> load_job_file(const std::filesystem::path& path, const std::vector<std::string>& overrides);

//! The explicitly given values of a job as a JSON object that loads back into the same job.
nlohmann::json job_to_json(const Job& job);

}  // namespace frameout
