#pragma once
// bash and zsh completions for frameout, written from the parameter and command tables.

#include <string>

namespace frameout::docs {

//! A bash completion script: commands, each command's flags, menu tokens after a menu flag, on/off after a
//! toggle, and file names with the formats' extensions after --file and --input.
std::string bash_completion();
//! The same for zsh (#compdef frameout), with each flag's label as its description.
std::string zsh_completion();

}  // namespace frameout::docs
