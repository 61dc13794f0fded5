#pragma once
// What a run produced, and the errors of runs that produced nothing.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "system/error.hpp"

namespace frameout {

//! The files a run finished, and the input error that cut it short (the complete part is still written).
struct RunOutcome {
  std::vector<std::filesystem::path> outputs;  //!< final paths of the files written
  std::optional<Error> input_error;            //!< the run still exits with this error's code
};

//! The error for a run that wrote nothing: the input error that ended it, the stop signal, or an empty input.
//! `unit` is "frames" or "samples"; `input` names the input.
Error nothing_written(const std::optional<Error>& input_error, const std::string& unit, const std::string& input);

}  // namespace frameout
