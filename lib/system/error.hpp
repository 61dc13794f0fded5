#pragma once
// The one exception type of the project: its message names the file and the parameter,
// its code is the process exit code of the command-line contract.

#include <stdexcept>
#include <string>

namespace frameout {

//! Process exit codes of the command-line contract.
enum class ExitCode : int {
  Ok = 0,
  Usage = 2,        //!< usage or parameter error
  Input = 3,        //!< input error (unreadable, truncated, wrong size)
  Output = 4,       //!< output or I/O error (existing file, unwritable folder, full disk)
  Unavailable = 5,  //!< codec or feature not available in this build
  Interrupted = 130,
  Terminated = 143,
};

//! An error a user can act on; `what()` is the full user-facing message.
class Error : public std::runtime_error {
 public:
  //! Creates an error with its exit code and a message naming the file and parameter.
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  //! The exit code the process ends with.
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

}  // namespace frameout
