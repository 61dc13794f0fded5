#include "sinks/movie/movie_recovery.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "naming/output_target.hpp"
#include "sinks/movie/fragment_finaliser.hpp"
#include "sinks/movie/matroska_rewrite.hpp"
#include "system/error.hpp"

namespace frameout {

namespace fs = std::filesystem;

namespace {

fs::path output_for(const fs::path& part, const std::optional<fs::path>& output) {
  if (output) return *output;
  const auto name = name_behind_temporary(part.filename().string());
  if (!name)
    throw Error(ExitCode::Usage, fmt::format("\"{}\" is not a frameout temporary name (.NAME.frameout-RANDOM.part); "
                                             "name the recovered movie with --file",
                                             part.string()));
  return part.parent_path() / *name;
}

bool is_matroska(const fs::path& part) {
  std::array<char, 4> magic{};
  std::ifstream in(part, std::ios::binary);
  in.read(magic.data(), magic.size());
  return in && magic == std::array<char, 4>{'\x1a', '\x45', '\xdf', '\xa3'};  // the EBML header's ID
}

}  // namespace

RecoveredMovie recover_movie(const fs::path& part, const std::optional<fs::path>& output, bool overwrite) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(part, ec)))
    throw Error(ExitCode::Input,
                fmt::format("cannot recover \"{}\": {}", part.string(),
                            fs::exists(fs::symlink_status(part, ec)) ? "not a regular file" : "no such file"));
  const fs::path final_path = output_for(part, output);
  if (name_taken(final_path) && !overwrite)
    throw Error(ExitCode::Output, fmt::format("output \"{}\" (--file) already exists; use --overwrite on to replace it",
                                              final_path.string()));
  RecoveredMovie recovered{final_path};
  if (is_matroska(part)) {
    OutputTarget target(final_path, NamingRules{.overwrite = overwrite});
    recovered.samples = static_cast<uint64_t>(rewrite_matroska(part, target.temp_path()));
    target.commit();
    fs::remove(part, ec);  // its frames are all in the finished file now
    return recovered;
  }
  const FinaliseSummary summary = finalise_fragmented_movie(part, FinaliseMode::Recovery);
  recovered.samples = summary.samples;
  recovered.bytes_cut = summary.bytes_cut;
  if (::renameat2(AT_FDCWD, part.c_str(), AT_FDCWD, final_path.c_str(), overwrite ? 0 : RENAME_NOREPLACE) != 0)
    throw Error(ExitCode::Output,
                fmt::format("cannot rename the recovered \"{}\" to \"{}\" (--file): {}; it is finished "
                            "and kept under its temporary name",
                            part.string(), final_path.string(), std::strerror(errno)));
  return recovered;
}

}  // namespace frameout
