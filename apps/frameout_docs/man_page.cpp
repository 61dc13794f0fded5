#include "man_page.hpp"

#include <optional>

#include <fmt/format.h>

#include "params/commands.hpp"
#include "params/registry.hpp"

namespace frameout::docs {

namespace {

using params::Command;
using params::ParamDef;
using params::Status;

// Text as roff shows it literally: backslashes escaped, hyphens as minus signs (so flags can be searched for
// and copied), and no line starting with a control character.
std::string roff(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out;
}

std::string parameter_entry(const ParamDef& def) {
  std::string out = fmt::format(".TP\n.BI \"{}\" \" <{}>\"\n", roff(fmt::format("--{}", def.name)), params::kind_name(def.kind));
  out += fmt::format("{}. {}\n", roff(def.label), roff(def.help));
  std::string facts;
  if (!def.default_value.empty()) facts += fmt::format("Default: {}. ", roff(def.default_value));
  if (def.range) facts += fmt::format("Range: {} to {}. ", def.range->min, def.range->max);
  if (!def.unit.empty()) facts += fmt::format("Unit: {}. ", roff(def.unit));
  facts += fmt::format("Status: {}.", params::status_name(def.status));
  out += ".br\n" + facts + "\n";
  if (!def.menu.empty()) {
    out += ".RS\n";
    for (const auto& item : def.menu) {
      const std::string status = item.status == Status::Implemented ? "" : fmt::format(" ({})", params::status_name(item.status));
      out += fmt::format(".TP 20\n.B {}\n{}{}\n", roff(item.token), roff(item.label), status);
    }
    out += ".RE\n";
  }
  return out;
}

std::string parameter_section(Command command, std::string_view title) {
  std::string out = fmt::format(".SH {}\n", title);
  std::optional<params::Page> page;
  for (const ParamDef& def : params::all_params()) {
    if (!params::belongs_to(def, command)) continue;
    if (page != def.page) {
      page = def.page;
      out += fmt::format(".SS {}\n", params::page_name(def.page));
    }
    out += parameter_entry(def);
  }
  return out;
}

}  // namespace

std::string man_page(std::string_view version) {
  std::string out = fmt::format(".TH FRAMEOUT 1 \"\" \"frameout {}\" \"User Commands\"\n", roff(version));
  out += ".SH NAME\nframeout \\- record and transcode raw frames and PCM into movies, image sequences, stills and "
         "audio files\n";
  out += ".SH SYNOPSIS\n";
  for (const auto& command : params::commands())
    out += fmt::format(".B frameout {}\n{}\n.br\n", command.name, roff(command.arguments));
  out += ".SH DESCRIPTION\nframeout does from a shell what TouchDesigner's Movie File Out TOP and Audio File Out CHOP "
         "do inside TouchDesigner. Parameters are flags named as on those pages; menu values are their tokens (any "
         "case); toggles take on, off, 1, 0, true or false. A JSON job uses the flag names without dashes as keys.\n";
  out += ".SH COMMANDS\n";
  for (const auto& command : params::commands())
    out += fmt::format(".TP\n.B {}\n{}\n", command.name, roff(command.summary));
  out += ".SH OPTIONS\n"
         ".TP\n.B \\-v\nMore log output (repeatable).\n"
         ".TP\n.B \\-q\nLess log output (repeatable).\n"
         ".TP\n.B \\-h, \\-\\-help\nHelp for frameout or for the command it follows.\n"
         ".TP\n.B \\-\\-version\nThe same as \\fBframeout version\\fR.\n";
  out += parameter_section(Command::Movie, "MOVIE PARAMETERS");
  out += parameter_section(Command::Audio, "AUDIO PARAMETERS");
  out += ".SH EXIT STATUS\n"
         ".TP\n.B 0\nSuccess.\n.TP\n.B 2\nUsage or parameter error.\n.TP\n.B 3\nInput error.\n"
         ".TP\n.B 4\nOutput or I/O error.\n.TP\n.B 5\nCodec or feature not available in this build.\n"
         ".TP\n.B 130, 143\nStopped by SIGINT or SIGTERM after the output was finished cleanly.\n";
  out += ".SH SEE ALSO\n.BR ffmpeg (1),\n.BR ffprobe (1)\n";
  return out;
}

}  // namespace frameout::docs
