#include "report/run_report.hpp"

#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
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
  report["outputs"] = nlohmann::json::array();
  for (const auto& p : summary.outputs) report["outputs"].push_back(std::filesystem::absolute(p).string());

  std::filesystem::path temp = path;
  temp += ".part";
  {
    std::ofstream out(temp);
    out << report.dump(2) << '\n';
    if (!out) throw Error(ExitCode::Output, fmt::format("cannot write the report \"{}\" (--report)", path.string()));
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec)
    throw Error(ExitCode::Output, fmt::format("cannot write the report \"{}\" (--report): {}", path.string(), ec.message()));
}

}  // namespace frameout
