#pragma once
// Text from outside (file names, parameter values, library messages) printed on stderr without letting it
// forge lines: render-farm managers parse stderr, so a newline in a file name must not start a new line.

#include <string>
#include <string_view>

namespace frameout {

//! `text` with control characters (C0, DEL, C1) written as escapes (\n, \r, \t, \xNN, \u0085) and bytes that
//! are not valid UTF-8 as \xNN; printable text, including valid UTF-8, is unchanged.
std::string escape_for_log(std::string_view text);

}  // namespace frameout
