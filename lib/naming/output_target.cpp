#include "naming/output_target.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "core/error.hpp"
#include "naming/frame_pattern.hpp"

namespace frameout {

namespace fs = std::filesystem;

OutputTarget::OutputTarget(const fs::path& requested, const NamingRules& rules)
    : requested_(requested), rules_(rules), number_(rules.n) {
  const fs::path folder = requested.has_parent_path() ? requested.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (!fs::is_directory(folder))
    throw Error(ExitCode::Output, fmt::format("cannot create the folder \"{}\" for --file \"{}\": {}", folder.string(),
                                              requested.string(), ec ? ec.message() : "not a directory"));
  if (::access(folder.c_str(), W_OK) != 0)
    throw Error(ExitCode::Output, fmt::format("cannot write in folder \"{}\" (--file \"{}\"): {}", folder.string(),
                                              requested.string(), std::strerror(errno)));
  pick_final_name();
  temp_ = final_.parent_path() / fmt::format(".{}.frameout-{}.part", final_.filename().string(), ::getpid());
}

OutputTarget::~OutputTarget() {
  if (!committed_) discard();
}

fs::path OutputTarget::candidate(int64_t number) const {
  // The number goes where the name has a frame token; without one, only a unique suffix adds it.
  const FramePattern pattern(requested_, 0);
  if (!rules_.unique_suffix && !pattern.has_token()) return requested_;
  return pattern.path_for(number);
}

void OutputTarget::pick_final_name() {
  if (rules_.unique_suffix) {
    while (fs::exists(candidate(number_))) ++number_;
    final_ = candidate(number_);
    return;
  }
  final_ = candidate(rules_.n);
  if (fs::is_directory(final_))
    throw Error(ExitCode::Output, fmt::format("--file \"{}\" is a folder; name the file to write", final_.string()));
  if (fs::exists(final_) && !rules_.overwrite)
    throw Error(ExitCode::Output, fmt::format("output \"{}\" (--file) already exists; use --overwrite to replace it or "
                                              "--uniquesuff on to pick a new name",
                                              final_.string()));
}

void OutputTarget::commit() {
  while (true) {
    const unsigned flags = rules_.overwrite && !rules_.unique_suffix ? 0 : RENAME_NOREPLACE;
    if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, final_.c_str(), flags) == 0) {
      committed_ = true;
      return;
    }
    if (errno == EEXIST && rules_.unique_suffix) {  // another writer took this number meanwhile
      pick_final_name();
      continue;
    }
    const int error = errno;
    committed_ = true;  // keep the finished temporary file: nothing is lost
    throw Error(ExitCode::Output, fmt::format("cannot rename the finished \"{}\" to \"{}\" (--file): {}; the complete "
                                              "output was kept under the temporary name",
                                              temp_.string(), final_.string(),
                                              error == EEXIST ? "a file of that name appeared meanwhile"
                                                              : std::strerror(error)));
  }
}

void OutputTarget::discard() {
  if (committed_) return;  // published, or kept under the temporary name after a failed rename
  std::error_code ec;
  fs::remove(temp_, ec);
}

}  // namespace frameout
