#include "naming/output_target.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "system/error.hpp"
#include "system/new_file.hpp"
#include "naming/frame_pattern.hpp"

namespace frameout {

namespace fs = std::filesystem;

namespace {

// A folder whose free names are taken this many times while we rename is a fault to report, not to wait out.
constexpr int kMaxRenameAttempts = 1000;

}  // namespace

// A name the system cannot look up (too long, a file where a folder should be) is reported, not taken as free
// or taken.
bool name_taken(const fs::path& path) {
  std::error_code ec;
  const fs::file_type type = fs::symlink_status(path, ec).type();
  if (type == fs::file_type::not_found) return false;
  if (ec) throw Error(ExitCode::Output, fmt::format("cannot use --file \"{}\": {}", path.string(), ec.message()));
  return true;
}

std::string temporary_name(const std::string& final_name) {
  return hidden_name(final_name, fmt::format(".frameout-{}.part", unpredictable_suffix()));
}

std::string hidden_name(const std::string& final_name, const std::string& suffix) {
  // A name at the file-system limit must still get its hidden twin: shorten the copied part.
  constexpr size_t kNameMax = 255;
  std::string kept = final_name;
  const size_t room = kNameMax - 1 - suffix.size();
  if (kept.size() > room) {
    size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(kept[cut]) & 0xC0) == 0x80) --cut;
    kept.resize(cut);
  }
  return "." + kept + suffix;
}

std::optional<std::string> name_behind_temporary(const std::string& name) {
  constexpr std::string_view kMiddle = ".frameout-";
  constexpr std::string_view kEnd = ".part";
  constexpr size_t kRandomDigits = 16;
  const size_t tail = kMiddle.size() + kRandomDigits + kEnd.size();
  if (name.size() <= tail + 1 || name[0] != '.' || !name.ends_with(kEnd)) return std::nullopt;
  const std::string_view suffix = std::string_view(name).substr(name.size() - tail);
  if (!suffix.starts_with(kMiddle)) return std::nullopt;
  const std::string_view random = suffix.substr(kMiddle.size(), kRandomDigits);
  if (!std::all_of(random.begin(), random.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  return name.substr(1, name.size() - tail - 1);
}

OutputTarget::OutputTarget(const fs::path& requested, const NamingRules& rules)
    : requested_(requested), rules_(rules), number_(rules.n) {
  const fs::path folder = requested.has_parent_path() ? requested.parent_path() : fs::path(".");
  std::error_code ec, type_ec;
  fs::create_directories(folder, ec);
  if (!fs::is_directory(folder, type_ec))
    throw Error(ExitCode::Output, fmt::format("cannot create the folder \"{}\" for --file \"{}\": {}", folder.string(),
                                              requested.string(), ec ? ec.message() : "not a directory"));
  if (::access(folder.c_str(), W_OK) != 0)
    throw Error(ExitCode::Output, fmt::format("cannot write in folder \"{}\" (--file \"{}\"): {}", folder.string(),
                                              requested.string(), std::strerror(errno)));
  pick_final_name();
  temp_ = final_.parent_path() / temporary_name(final_.filename().string());
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
    while (name_taken(candidate(number_))) {
      if (number_ == std::numeric_limits<int64_t>::max())
        throw Error(ExitCode::Output, fmt::format("no free unique suffix for --file \"{}\" up to --n {}",
                                                  requested_.string(), number_));
      ++number_;
    }
    final_ = candidate(number_);
    return;
  }
  final_ = candidate(rules_.n);
  std::error_code ec;
  if (name_taken(final_) && fs::is_directory(final_, ec))
    throw Error(ExitCode::Output, fmt::format("--file \"{}\" is a folder; name the file to write", final_.string()));
  if (name_taken(final_) && !rules_.overwrite)
    throw Error(ExitCode::Output, fmt::format("output \"{}\" (--file) already exists; use --overwrite to replace it or "
                                              "--uniquesuff on to pick a new name",
                                              final_.string()));
}

void OutputTarget::commit() {
  for (int attempt = 1;; ++attempt) {
    const unsigned flags = rules_.overwrite && !rules_.unique_suffix ? 0 : RENAME_NOREPLACE;
    if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, final_.c_str(), flags) == 0) {
      committed_ = true;
      return;
    }
    const int error = errno;
    // Another writer took this number meanwhile: take the next free one. Each pass finds a taken name, so a
    // folder that keeps changing ends the loop after kMaxRenameAttempts (and a finished run is never lost
    // to a signal arriving here: the file is kept).
    if (error == EEXIST && rules_.unique_suffix && attempt < kMaxRenameAttempts) {
      try {
        pick_final_name();
      } catch (const Error&) {
        committed_ = true;  // no number left: keep the finished temporary file
        throw;
      }
      continue;
    }
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

Error OutputTarget::with_final_name(const Error& e) const {
  std::string message = e.what();
  const std::string temp = temp_.string(), final_name = final_.string();
  for (size_t at = message.find(temp); at != std::string::npos; at = message.find(temp, at + final_name.size()))
    message.replace(at, temp.size(), final_name);
  return Error(e.code(), message);
}

}  // namespace frameout
