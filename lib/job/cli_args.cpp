#include "job/cli_args.hpp"

#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

namespace {

bool is_toggle_word(const std::string& s) {
  return s == "on" || s == "off" || s == "1" || s == "0" || s == "true" || s == "false";
}

}  // namespace

CliJob parse_job_args(params::Command command, std::span<const std::string> args) {
  CliJob out{Job(command)};
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      out.help = true;
      continue;
    }
    if (arg.find_first_not_of('v', 1) == std::string::npos && arg.size() > 1 && arg[0] == '-' && arg[1] == 'v') {
      out.verbosity += static_cast<int>(arg.size()) - 1;
      continue;
    }
    if (arg == "-q") {
      --out.verbosity;
      continue;
    }
    if (arg.rfind("--", 0) != 0 || arg.size() == 2)
      throw Error(ExitCode::Usage, fmt::format("unexpected argument '{}': parameters are given as --name value", arg));

    std::string name = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
      has_value = true;
    }
    const params::ParamDef* def = params::find_param(name, command);
    if (!has_value && def != nullptr && def->kind == params::Kind::Toggle) {
      // A bare toggle means on; a following word that is not a flag is its value (checked like any value).
      if (i + 1 < args.size() && (is_toggle_word(args[i + 1]) || args[i + 1].rfind('-', 0) != 0)) {
        value = args[++i];
      } else {
        value = "on";
      }
      has_value = true;
    }
    if (!has_value && def != nullptr && def->kind == params::Kind::Pulse) {
      value = "1";  // a pulse fires; it takes no value
      has_value = true;
    }
    if (!has_value && def != nullptr) {
      if (i + 1 >= args.size()) throw Error(ExitCode::Usage, fmt::format("--{} needs a value", name));
      value = args[++i];
    }
    out.job.set(name, value);  // unknown names are reported here, with suggestions
  }
  return out;
}

}  // namespace frameout
