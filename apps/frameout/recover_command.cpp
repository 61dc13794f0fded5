#include "recover_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <optional>
#include <string_view>

#include "report/logging.hpp"
#include "sinks/movie/movie_recovery.hpp"
#include "system/error.hpp"

namespace frameout {

namespace {

struct RecoverArgs {
  std::optional<std::string> part;
  std::optional<std::filesystem::path> file;
  bool overwrite = false;
  int verbosity = 0;
  bool help = false;
};

constexpr std::string_view kUsage =
    "Usage: frameout recover PART-FILE [--file OUT] [--overwrite on]\n\n"
    "Finishes a movie a killed recording left as .NAME.frameout-RANDOM.part: mov and mp4 in place, mkv by\n"
    "rewriting it. The output is NAME in the same folder unless --file names it; an existing output is\n"
    "replaced only with --overwrite on.\n";

std::optional<bool> toggle_value(std::string_view text) {
  constexpr std::array<std::string_view, 3> on{"on", "1", "true"};
  constexpr std::array<std::string_view, 3> off{"off", "0", "false"};
  for (auto v : on)
    if (text == v) return true;
  for (auto v : off)
    if (text == v) return false;
  return std::nullopt;
}

RecoverArgs parse(const std::vector<std::string>& args) {
  RecoverArgs r;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--file" || arg.starts_with("--file=")) {
      if (arg == "--file" && i + 1 >= args.size()) throw Error(ExitCode::Usage, "--file needs a value");
      r.file = arg == "--file" ? args[++i] : arg.substr(7);
    } else if (arg == "--overwrite" || arg.starts_with("--overwrite=")) {
      // A bare --overwrite means on, as for the movie and audio commands.
      std::optional<bool> value = true;
      if (arg != "--overwrite")
        value = toggle_value(arg.substr(12));
      else if (i + 1 < args.size() && toggle_value(args[i + 1]))
        value = toggle_value(args[++i]);
      if (!value)
        throw Error(ExitCode::Usage,
                    fmt::format("--overwrite takes on|off|1|0|true|false, not \"{}\"", arg.substr(12)));
      r.overwrite = *value;
    } else if (arg == "--help" || arg == "-h") {
      r.help = true;
    } else if (arg == "-v" || arg == "-q") {
      r.verbosity += arg == "-v" ? 1 : -1;
    } else if (arg.starts_with("-") && arg != "-") {
      throw Error(ExitCode::Usage, fmt::format("frameout recover has no option \"{}\" (it takes PART-FILE [--file OUT] "
                                               "[--overwrite on])",
                                               arg));
    } else if (r.part) {
      throw Error(ExitCode::Usage,
                  fmt::format("frameout recover takes one PART-FILE, got \"{}\" and \"{}\"", *r.part, arg));
    } else {
      r.part = arg;
    }
  }
  if (!r.part && !r.help) throw Error(ExitCode::Usage, "frameout recover needs the PART-FILE a killed recording left");
  return r;
}

}  // namespace

int run_recover_command(const std::vector<std::string>& args, int verbosity) {
  const RecoverArgs r = parse(args);
  if (r.help) {
    fmt::print("{}", kUsage);
    return 0;
  }
  setup_logging(verbosity + r.verbosity);
  const RecoveredMovie movie = recover_movie(*r.part, r.file, r.overwrite);
  spdlog::info("recovered \"{}\" as \"{}\": {} samples{}", *r.part, movie.file.string(), movie.samples,
               movie.bytes_cut > 0 ? fmt::format(", an unfinished last fragment of {} bytes dropped", movie.bytes_cut)
                                   : std::string());
  return 0;
}

}  // namespace frameout
