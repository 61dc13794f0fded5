#pragma once
// frameout's subcommands: one table behind the command-line parser, "did you mean", the man page and the
// shell completions, so a new command cannot be missing from any of them.

#include <optional>
#include <span>
#include <string_view>

namespace frameout::params {

//! One subcommand of frameout.
struct CommandDef {
  std::string_view name;       //!< the word typed after `frameout`
  std::string_view arguments;  //!< what follows it, as shown in usage lines
  std::string_view summary;    //!< one line: what it does
};

//! Every subcommand, in the order help and the man page list them.
std::span<const CommandDef> commands();

//! The subcommand a mistyped word most likely meant, if one is close enough to suggest.
std::optional<std::string_view> suggest_command(std::string_view typed);

}  // namespace frameout::params
