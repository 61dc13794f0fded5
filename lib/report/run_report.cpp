#include "report/run_report.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "system/error.hpp"
#include "system/new_file.hpp"
#include "naming/output_target.hpp"
#include "report/progress.hpp"

namespace frameout {

void write_run_report(const std::filesystem::path& path, const RunSummary& summary, const Counters& counters) {
  nlohmann::json report = {
      {"command", summary.job.value("command", "movie")},
      {"job", summary.job},
      {"exit_code", summary.exit_code},
      {"status", summary.exit_code == 0 ? "ok" : summary.exit_code >= 128 ? "interrupted" : "failed"},
      {"message", summary.message},
      {"counters", nlohmann::json::parse(counters_json(counters, {counters.progress_units(), counters.audio_samples_written}, std::nullopt))},
  };
  report["control"] = control_json(counters.control_events());
  report["outputs"] = nlohmann::json::array();
  for (const auto& p : summary.outputs) report["outputs"].push_back(std::filesystem::absolute(p).string());

  // Written under an unpredictable hidden name created new (never through a planted link), then renamed.
  const std::filesystem::path temp = path.parent_path() / temporary_name(path.filename().string());
  const auto fail = [&](int error) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return Error(ExitCode::Output, fmt::format("cannot write the report \"{}\" (--report): {}", path.string(),
                                               std::strerror(error)));
  };
  const int fd = create_new_file(temp);
  if (fd < 0) throw fail(-fd);
  const std::string text = report.dump(2) + '\n';
  int error = write_all(fd, text.data(), text.size());
  // close(2) can report a delayed write error (NFS, quotas); a report that failed there says nothing.
  if (::close(fd) != 0 && errno != EINTR && error == 0) error = errno;
  if (error == 0 && ::rename(temp.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) throw fail(error);
}

}  // namespace frameout
