#pragma once
// A Job is the set of parameter values of one run, each checked against the registry when set.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "params/registry.hpp"

namespace frameout {

//! Validated parameter values for one `movie` or `audio` run; unset parameters read as their defaults.
class Job {
 public:
  //! An empty job for a command.
  explicit Job(params::Command command) : command_(command) {}

  //! The command (movie or audio) this job runs.
  params::Command command() const { return command_; }

  //! Sets a parameter from text (flag or JSON value); throws Error(Usage) for bad names or values
  //! and Error(Unavailable) for parameters or tokens this build does not implement.
  void set(std::string_view name, std::string_view value);

  //! Whether the parameter was given explicitly.
  bool given(std::string_view name) const;
  //! The value as text, or the default.
  std::string text(std::string_view name) const;
  //! A toggle's value.
  bool toggle(std::string_view name) const;
  //! An Int parameter's value.
  int64_t integer(std::string_view name) const;
  //! A Float (or Int) parameter's value.
  double real(std::string_view name) const;
  //! A "WxH" pair parameter's two numbers.
  std::pair<int64_t, int64_t> pair(std::string_view name) const;

  //! Records that planning has dealt with a parameter: used it, or said why it has no effect. Reading a value
  //! (text, toggle, integer, real, pair) settles it too; given() does not.
  void settle(std::string_view name) const;
  //! The given parameters nothing has settled: the output has no use for them.
  std::vector<std::string> unsettled() const;

  //! Explicitly given values by name, normalised (toggles as on/off).
  const std::map<std::string, std::string, std::less<>>& values() const { return values_; }

 private:
  const params::ParamDef& def(std::string_view name) const;

  params::Command command_;
  std::map<std::string, std::string, std::less<>> values_;
  mutable std::set<std::string, std::less<>> read_;  // settled parameters (see settle)
};

//! The name of a command as typed on the command line ("movie", "audio").
std::string_view command_name(params::Command command);

}  // namespace frameout
