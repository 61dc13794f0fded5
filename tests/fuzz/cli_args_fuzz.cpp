// Command-line flags: the input is the argument list (one argument per line); the first byte picks the
// command. Anything is either bound to a job or refused with frameout::Error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "system/error.hpp"
#include "job/cli_args.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace frameout;
  if (size == 0) return 0;
  const auto command = data[0] % 2 ? params::Command::Audio : params::Command::Movie;
  std::vector<std::string> args(1);
  for (size_t i = 1; i < size; ++i) {
    if (data[i] == '\n') args.emplace_back();
    else args.back() += static_cast<char>(data[i]);
  }
  try {
    const CliJob parsed = parse_job_args(command, args);
    // Typed reads of what was accepted must work too: planning does them next.
    for (const auto& [name, value] : parsed.job.values()) (void)parsed.job.text(name);
  } catch (const Error&) {
  }
  return 0;
}
