// frameout: argv → Job → pipeline → exit code. Everything else lives in lib/.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <exception>
#include <filesystem>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>


#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "system/error.hpp"
#include "system/interrupt.hpp"
#include "system/mapping_guard.hpp"
#include "job/cli_args.hpp"
#include "job/job_json.hpp"
#include "params/commands.hpp"
#include "params/listing.hpp"
#include "report/log_escape.hpp"
#include "report/logging.hpp"
#include "report/run_report.hpp"
#include "formats/codec_listing.hpp"
#include "run_job.hpp"
#include "recover_command.hpp"
#include "send_command.hpp"
#include "version_text.hpp"

namespace {

using frameout::Error;
using frameout::ExitCode;
using frameout::params::Command;

// The last resort for an exception that is not a frameout::Error: every known failure is reported where it
// happens, naming its file and parameter; this only keeps a missed one from aborting the process.
Error unexpected_error(const std::exception& e) {
  if (const auto* fs_error = dynamic_cast<const std::filesystem::filesystem_error*>(&e))
    return Error(ExitCode::Output, fmt::format("cannot use \"{}\": {}", fs_error->path1().string(),
                                               fs_error->code().message()));
  if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr)
    return Error(ExitCode::Output, "out of memory (see --max-input-pixels for the largest input frame accepted)");
  return Error(ExitCode::Output, fmt::format("unexpected failure: {}", e.what()));
}

void print_error(const Error& e) { std::fprintf(stderr, "frameout: error: %s\n", frameout::escape_for_log(e.what()).c_str()); }

int exit_code_after_success() {
  switch (frameout::interrupt_signal()) {
    case SIGINT: return static_cast<int>(ExitCode::Interrupted);
    case SIGTERM: return static_cast<int>(ExitCode::Terminated);
    default: return 0;
  }
}

int execute(const frameout::Job& job) {
  const std::string report = job.text("report");  // read before planning, which warns about unread parameters
  frameout::Counters counters;
  frameout::RunSummary summary{frameout::job_to_json(job)};
  try {
    const frameout::RunOutcome outcome = frameout::run_job(job, counters);
    summary.outputs = outcome.outputs;
    if (outcome.input_error) throw *outcome.input_error;  // the complete part was written and is reported
    summary.exit_code = exit_code_after_success();
    if (summary.exit_code != 0) spdlog::warn("stopped by a signal; the output was finished cleanly");
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    summary.exit_code = static_cast<int>(e.code());
    summary.message = e.what();
  } catch (const std::exception& e) {
    const Error error = unexpected_error(e);
    spdlog::error("{}", error.what());
    summary.exit_code = static_cast<int>(error.code());
    summary.message = error.what();
  }
  if (!report.empty()) {
    try {
      frameout::write_run_report(report, summary, counters);
    } catch (const Error& e) {
      spdlog::error("{}", e.what());
      if (summary.exit_code == 0) summary.exit_code = static_cast<int>(e.code());
    }
  }
  return summary.exit_code;
}

void print_job_help(Command command) {
  fmt::print("Usage: frameout {} [--name value ...]\n\nParameters (see also 'frameout params {} --json'):\n{}",
             frameout::command_name(command), frameout::command_name(command),
             frameout::params::help_text(command));
}

int run_job_command(Command command, const std::vector<std::string>& args, int verbosity) {
  frameout::CliJob cli = frameout::parse_job_args(command, args);
  frameout::setup_logging(verbosity + cli.verbosity);
  if (cli.help) {
    print_job_help(command);
    return 0;
  }
  return execute(cli.job);
}

// CLI11 only says a word was not expected; a near miss of a command deserves the command's name. Only the first
// word that is not a flag can be a command (-v and -q take no value).
std::optional<Error> mistyped_command(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word.starts_with('-')) continue;
    const auto known = frameout::params::commands();
    if (std::any_of(known.begin(), known.end(), [&](const auto& c) { return c.name == word; })) return std::nullopt;
    const auto meant = frameout::params::suggest_command(word);
    if (!meant) return std::nullopt;
    return Error(ExitCode::Usage, fmt::format("unknown command '{}'; did you mean {}?", word, *meant));
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  // SVT-AV1 prints its configuration on stderr unless told otherwise (1: errors only); frameout's own log says
  // what matters. A value the user set is kept.
  setenv("SVT_LOG", "1", 0);
  frameout::install_mapping_guard();
  CLI::App app{"frameout: record and transcode raw frames into movies, image sequences and audio files"};
  app.require_subcommand(1);
  int verbosity = 0;
  auto add_verbosity_flags = [&](CLI::App* target) {
    target->add_flag_function("-v", [&](int64_t n) { verbosity += static_cast<int>(n); }, "More log output (repeatable)");
    target->add_flag_function("-q", [&](int64_t n) { verbosity -= static_cast<int>(n); }, "Less log output (repeatable)");
  };
  add_verbosity_flags(&app);
  app.set_version_flag("--version", [] { return frameout::version_text(); }, "Same as 'frameout version'");

  auto summary = [](std::string_view name) {
    for (const auto& c : frameout::params::commands())
      if (c.name == name) return std::string(c.summary);
    return std::string();
  };
  auto* movie = app.add_subcommand("movie", summary("movie") + " (see 'frameout movie --help')");
  auto* audio = app.add_subcommand("audio", summary("audio"));
  auto* send = app.add_subcommand("send", summary("send") + " (see README, Live recording)");
  auto* recover = app.add_subcommand("recover", summary("recover") + " (see README, Crash-safe recording)");
  for (auto* sub : {movie, audio, send, recover}) {
    sub->prefix_command();  // the registry parses these arguments
    sub->set_help_flag();
  }
  auto* run = app.add_subcommand("run", summary("run"));
  std::string job_file;
  std::vector<std::string> overrides;
  run->add_option("job", job_file, "JSON job file")->required();
  run->add_option("--set", overrides, "Override a parameter in every job: NAME=VALUE (repeatable)");
  auto* params = app.add_subcommand("params", summary("params"));
  std::string params_command;
  bool params_as_json = false;
  params->add_option("command", params_command, "movie or audio")->check(CLI::IsMember({"movie", "audio"}));
  params->add_flag("--json", params_as_json, "JSON output");
  auto* codecs = app.add_subcommand("codecs", summary("codecs"));
  bool codecs_as_json = false;
  codecs->add_flag("--json", codecs_as_json, "JSON output");
  auto* version = app.add_subcommand("version", summary("version"));
  for (auto* sub : {run, params, codecs, version}) add_verbosity_flags(sub);

  // CLI11 quotes the arguments it rejects: escape them like every other message on stderr.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return frameout::escape_for_log(e.what()) + "\nRun with --help for more information.\n";
  });
  if (const auto error = mistyped_command(argc, argv)) {
    print_error(*error);
    return static_cast<int>(error->code());
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(ExitCode::Usage);
  }

  try {
    if (movie->parsed()) return run_job_command(Command::Movie, movie->remaining(), verbosity);
    if (audio->parsed()) return run_job_command(Command::Audio, audio->remaining(), verbosity);
    if (send->parsed()) return frameout::run_send_command(send->remaining(), verbosity);
    if (recover->parsed()) return frameout::run_recover_command(recover->remaining(), verbosity);
    frameout::setup_logging(verbosity);
    if (run->parsed()) {
      for (const auto& job : frameout::load_job_file(job_file, overrides))
        if (const int rc = execute(job); rc != 0) return rc;  // stop at the first failing job
      return 0;
    }
    if (params->parsed()) {
      std::optional<Command> which;
      if (!params_command.empty()) which = params_command == "audio" ? Command::Audio : Command::Movie;
      if (params_as_json) fmt::print("{}\n", frameout::params::listing_json(which).dump(2));
      else fmt::print("{}", frameout::params::listing_text(which));
      return 0;
    }
    if (version->parsed()) {
      fmt::print("{}", frameout::version_text());
      return 0;
    }
    if (codecs->parsed()) {
      if (codecs_as_json) fmt::print("{}\n", frameout::codecs_json().dump(2));
      else fmt::print("{}", frameout::codecs_text());
      return 0;
    }
  } catch (const Error& e) {
    print_error(e);
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    const Error error = unexpected_error(e);
    print_error(error);
    return static_cast<int>(error.code());
  } catch (...) {
    const Error error(ExitCode::Output, "unexpected failure of an unknown kind");
    print_error(error);
    return static_cast<int>(error.code());
  }
  return 0;
}
