#include "completions.hpp"

#include <set>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "formats/containers.hpp"
#include "params/commands.hpp"
#include "params/registry.hpp"

namespace frameout::docs {

namespace {

using params::Command;
using params::Kind;
using params::ParamDef;

constexpr std::string_view kToggleWords = "on off";

std::string menu_words(const ParamDef& def) {
  std::string out;
  for (const auto& item : def.menu) out += fmt::format("{}{}", out.empty() ? "" : " ", item.token);
  return out;
}

// The file types frameout writes and reads for a command: the containers' extensions, and the tokens of the
// image and audio file-type menus, which are their usual extensions.
std::vector<std::string> extensions(Command command) {
  std::set<std::string> found;
  if (command == Command::Movie) {
    for (const auto& container : containers())
      for (const std::string_view ext : container.extensions) found.emplace(ext.substr(1));
  }
  for (const std::string_view menu : {"imagefiletype", "filetype"})
    if (const ParamDef* def = params::find_param(menu, command))
      for (const auto& item : def->menu) found.emplace(item.token);
  return {found.begin(), found.end()};
}

std::string joined(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const auto& word : words) out += fmt::format("{}{}", out.empty() ? "" : separator, word);
  return out;
}

bool takes_file(const ParamDef& def) { return def.name == "file" || def.name == "input" || def.name == "audiochop"; }

std::string bash_command_case(Command command) {
  std::string flags, cases;
  for (const ParamDef& def : params::all_params()) {
    if (!params::belongs_to(def, command) || def.status == params::Status::NotApplicable) continue;
    flags += fmt::format(" --{}", def.name);
    if (def.kind == Kind::Menu) cases += fmt::format("        --{}) words=\"{}\" ;;\n", def.name, menu_words(def));
    else if (def.kind == Kind::Toggle) cases += fmt::format("        --{}) words=\"{}\" ;;\n", def.name, kToggleWords);
  }
  const std::string name = command == Command::Audio ? "audio" : "movie";
  return fmt::format(
      "    {0})\n"
      "      case \"$prev\" in\n"
      "{1}"
      "        --file|--input|--audiochop|--report)\n"
      "          _frameout_files '{2}'\n"
      "          [[ $prev == --input ]] && COMPREPLY+=($(compgen -W \"{3} -\" -- \"$cur\"))\n"
      "          return ;;\n"
      "      esac\n"
      "      [[ -z $words && ($cur == -* || $prev != -*) ]] && words=\"{4} --help -v -q\" ;;\n",
      name, cases, joined(extensions(command), "|"), command == Command::Audio ? "tone" : "testpattern", flags.substr(1));
}

}  // namespace

std::string bash_completion() {
  std::string commands;
  for (const auto& command : params::commands()) commands += fmt::format("{} ", command.name);
  return fmt::format(
      "# bash completion for frameout; generated from its parameter table at build time, do not edit.\n"
      "_frameout_files() {{\n"
      "  local IFS=$'\\n'\n"
      "  compopt -o filenames 2>/dev/null\n"
      "  COMPREPLY=($(compgen -d -- \"$cur\") $(shopt -s extglob nocaseglob; compgen -f -X \"!*.@($1)\" -- \"$cur\"))\n"
      "}}\n"
      "_frameout() {{\n"
      "  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}} words=\"\" i command=\"\"\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    [[ ${{COMP_WORDS[i]}} != -* ]] && {{ command=${{COMP_WORDS[i]}}; break; }}\n"
      "  done\n"
      "  case \"$command\" in\n"
      "    \"\") words=\"{0}--version --help -v -q\" ;;\n"
      "{1}"
      "{2}"
      "    run)\n"
      "      if [[ $prev == --set ]]; then return; fi\n"
      "      [[ $cur == -* ]] && words=\"--set -v -q\" || {{ _frameout_files json; return; }} ;;\n"
      "    params) words=\"movie audio --json -v -q\" ;;\n"
      "    codecs) words=\"--json -v -q\" ;;\n"
      "    version) words=\"-v -q\" ;;\n"
      "  esac\n"
      "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
      "}}\n"
      "complete -F _frameout frameout\n",
      commands, bash_command_case(Command::Movie), bash_command_case(Command::Audio));
}

namespace {

// _arguments specs take the description in brackets and the action after a colon: keep both literal.
std::string zsh_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '[' || c == ']' || c == ':' || c == '\\' || c == '\'') out += c == '\'' ? "'\\''" : std::string("\\") + c;
    else out += c;
  }
  return out;
}

std::string zsh_arguments(Command command) {
  const std::string pattern = fmt::format("*.({})(-.)", joined(extensions(command), "|"));
  std::string out;
  for (const ParamDef& def : params::all_params()) {
    if (!params::belongs_to(def, command) || def.status == params::Status::NotApplicable) continue;
    std::string action = "_default";
    if (def.kind == Kind::Menu) action = fmt::format("({})", menu_words(def));
    else if (def.kind == Kind::Toggle) action = fmt::format("({})", kToggleWords);
    else if (takes_file(def)) action = fmt::format("_files -g \"{}\"", pattern);
    out += fmt::format("        '--{}[{}]:{}:{}' \\\n", def.name, zsh_escape(def.label), params::kind_name(def.kind),
                       zsh_escape(action));
  }
  return out;
}

}  // namespace

std::string zsh_completion() {
  std::string commands;
  for (const auto& command : params::commands())
    commands += fmt::format("    '{}:{}'\n", command.name, zsh_escape(command.summary));
  return fmt::format(
      "#compdef frameout\n"
      "# zsh completion for frameout; generated from its parameter table at build time, do not edit.\n"
      "local -a commands\n"
      "commands=(\n{0})\n"
      "if (( CURRENT == 2 )); then\n"
      "  _describe -t commands 'frameout command' commands\n"
      "  return\n"
      "fi\n"
      "local command=$words[2]\n"
      "shift words; (( CURRENT-- ))\n"
      "case $command in\n"
      "  movie)\n"
      "    _arguments \\\n{1}        '--help' '*-v' '*-q' ;;\n"
      "  audio)\n"
      "    _arguments \\\n{2}        '--help' '*-v' '*-q' ;;\n"
      "  run) _arguments '1:job:_files -g \"*.json\"' '*--set[override a parameter]:NAME=VALUE:' ;;\n"
      "  params) _arguments '1:command:(movie audio)' '--json[JSON output]' ;;\n"
      "  codecs) _arguments '--json[JSON output]' ;;\n"
      "esac\n",
      commands, zsh_arguments(Command::Movie), zsh_arguments(Command::Audio));
}

}  // namespace frameout::docs
