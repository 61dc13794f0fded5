#include "job/job_json.hpp"

#include <fstream>
#include <ios>
#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

namespace {

// The caller names the job file in front of the message.
std::string value_text(const nlohmann::json& value, const std::string& key) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "on" : "off";
  // Past INT64_MAX nlohmann keeps an unsigned number, which get<int64_t> would wrap to a negative one.
  if (value.is_number_unsigned()) return std::to_string(value.get<uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_number()) return value.dump();
  throw Error(ExitCode::Usage,
              fmt::format("key \"{}\" must be a string, number or boolean, not {}", key, value.type_name()));
}

void apply_override(Job& job, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error(ExitCode::Usage, fmt::format("--set '{}': expected NAME=VALUE", assignment));
  job.set(assignment.substr(0, eq), assignment.substr(eq + 1));
}

Job job_from_object(const nlohmann::json& object, const std::vector<std::string>& overrides, const std::string& origin) {
  if (!object.is_object()) throw Error(ExitCode::Usage, fmt::format("{}: a job must be a JSON object", origin));
  params::Command command = params::Command::Movie;
  if (const auto it = object.find("command"); it != object.end()) {
    const std::string name = it->is_string() ? it->get<std::string>() : "";
    if (name == "audio") command = params::Command::Audio;
    else if (name != "movie")
      throw Error(ExitCode::Usage, fmt::format("{}: \"command\" must be \"movie\" or \"audio\"", origin));
  }
  Job job(command);
  for (const auto& [key, value] : object.items()) {
    if (key == "command") continue;
    try {
      // A list parameter (exr-input) takes a JSON array: each element is set in turn.
      const params::ParamDef* def = params::find_param(key, command);
      if (value.is_array() && def != nullptr && def->kind == params::Kind::List) {
        for (const auto& element : value) job.set(key, value_text(element, key));
        continue;
      }
      job.set(key, value_text(value, key));
    } catch (const Error& e) {
      throw Error(e.code(), fmt::format("{}: {}", origin, e.what()));
    }
  }
  for (const auto& assignment : overrides) apply_override(job, assignment);
  return job;
}

}  // namespace

std::vector<Job> jobs_from_json(const nlohmann::json& doc, const std::vector<std::string>& overrides,
                                const std::string& origin) {
  std::vector<Job> jobs;
  if (doc.is_object() && doc.contains("jobs")) {
    const auto& list = doc.at("jobs");
    if (!list.is_array() || list.empty())
      throw Error(ExitCode::Usage, fmt::format("{}: \"jobs\" must be a non-empty array of job objects", origin));
    for (size_t i = 0; i < list.size(); ++i)
      jobs.push_back(job_from_object(list[i], overrides, fmt::format("{} (job {})", origin, i + 1)));
  } else {
    jobs.push_back(job_from_object(doc, overrides, origin));
  }
  return jobs;
}

std::vector<Job> load_job_file(const std::filesystem::path& path, const std::vector<std::string>& overrides) {
  // A folder opens as a stream and fails only when read, with libstdc++'s exception.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw Error(ExitCode::Usage, fmt::format("job file \"{}\" is a folder; name a JSON file", path.string()));
  std::ifstream in(path);
  if (!in) throw Error(ExitCode::Usage, fmt::format("cannot open job file \"{}\"", path.string()));
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    // Besides syntax errors: numbers out of a double's range (1e999) are refused while parsing.
    throw Error(ExitCode::Usage, fmt::format("job file \"{}\" is not valid JSON: {}", path.string(), e.what()));
  } catch (const std::ios_base::failure& e) {
    throw Error(ExitCode::Usage, fmt::format("cannot read job file \"{}\": {}", path.string(), e.what()));
  }
  return jobs_from_json(doc, overrides, fmt::format("job file \"{}\"", path.string()));
}

nlohmann::json job_to_json(const Job& job) {
  nlohmann::json out = nlohmann::json::object();
  out["command"] = std::string(command_name(job.command()));
  for (const auto& [name, value] : job.values()) out[name] = value;
  return out;
}

}  // namespace frameout
