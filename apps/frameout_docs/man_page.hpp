#pragma once
// frameout(1), written from the parameter table and the command table so it cannot drift from the program.

#include <string>
#include <string_view>

namespace frameout::docs {

//! The man page in roff: commands, frameout's own options, every parameter of both commands with its type,
//! default, range, menu tokens and status, and the exit codes.
std::string man_page(std::string_view version);

}  // namespace frameout::docs
