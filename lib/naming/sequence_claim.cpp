#include "naming/sequence_claim.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <unistd.h>

#include <fmt/format.h>

#include "naming/output_target.hpp"
#include "system/error.hpp"
#include "system/new_file.hpp"

namespace frameout {

namespace {

// Ranges are capped so that number + length never overflows.
constexpr int64_t kMaxClaimedCount = int64_t{1} << 40;

std::filesystem::path claim_path(const std::filesystem::path& final_name) {
  return final_name.parent_path() / hidden_name(final_name.filename().string(), ".frameout-claim");
}

//! How many numbers from `number` on are taken: a live claim's count, 1 for any file at the name (or a claim
//! whose process has ended, killed before it could remove it: its own name stays taken, its range is free).
int64_t numbers_held(const FramePattern& pattern, int64_t number) {
  const std::filesystem::path name = pattern.path_for(number);
  int64_t count = name_taken(name) ? 1 : 0;
  long long claimed = 0, pid = 0;
  if (std::FILE* claim = std::fopen(claim_path(name).c_str(), "re")) {
    const bool read = std::fscanf(claim, "frameout sequence claim: %lld files, process %lld", &claimed, &pid) == 2;
    std::fclose(claim);
    const bool alive = read && pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH);
    count = std::max<int64_t>(count, alive ? std::clamp<int64_t>(claimed, 1, kMaxClaimedCount) : 1);
  }
  return count;
}

}  // namespace

SequenceClaim::SequenceClaim(const FramePattern& pattern, int64_t from, std::optional<int64_t> count)
    : number_(from) {
  const int64_t wanted = std::clamp<int64_t>(count.value_or(1), 1, kMaxClaimedCount);
  const std::string text = fmt::format("frameout sequence claim: {} files, process {}\n", wanted, ::getpid());
  std::error_code ignored;  // a folder that cannot be made shows in the claim's own error
  std::filesystem::create_directories(pattern.path_for(from).parent_path(), ignored);
  // Each pass claims or moves past a taken number, so the loop ends.
  while (true) {
    // The whole range must be free: step past each file or claim found inside it.
    for (int64_t clear = 0; clear < wanted;) {
      if (number_ > std::numeric_limits<int64_t>::max() - 2 * kMaxClaimedCount)
        throw Error(ExitCode::Output, fmt::format("no free unique suffix for --file \"{}\" from --n {}",
                                                  pattern.path_for(from).string(), from));
      const int64_t held = numbers_held(pattern, number_ + clear);
      if (held == 0) {
        ++clear;
      } else {
        number_ += clear + held;
        clear = 0;
      }
    }
    const std::filesystem::path first = pattern.path_for(number_);
    path_ = claim_path(first);
    // Written under a temporary name and linked into place whole, so nobody reads half a claim.
    const std::filesystem::path temp = first.parent_path() / temporary_name(path_.filename().string());
    const int fd = create_new_file(temp);
    if (fd < 0)
      throw Error(ExitCode::Output, fmt::format("cannot create a file beside \"{}\" (--file): {}", first.string(),
                                                std::strerror(-fd)));
    const int written = write_all(fd, text.data(), text.size());
    ::close(fd);
    const int linked = written != 0 ? written : ::link(temp.c_str(), path_.c_str()) == 0 ? 0 : errno;
    ::unlink(temp.c_str());
    if (linked == 0) {
      // Another run may have written the first file between the scan and the claim: look again from there.
      if (!name_taken(first)) return;
      ::unlink(path_.c_str());
      ++number_;
      continue;
    }
    if (linked != EEXIST)  // EEXIST: another run claimed this number meanwhile; the next scan steps over it
      throw Error(ExitCode::Output, fmt::format("cannot claim \"{}\" (--file): {}", first.string(), std::strerror(linked)));
  }
}

SequenceClaim::~SequenceClaim() { ::unlink(path_.c_str()); }

}  // namespace frameout
