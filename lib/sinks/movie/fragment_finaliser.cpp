#include "sinks/movie/fragment_finaliser.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "sinks/movie/fragment_index.hpp"
#include "sinks/movie/full_moov.hpp"
#include "sinks/movie/iso_box.hpp"
#include "system/error.hpp"
#include "system/new_file.hpp"

namespace frameout {

namespace {

// Boxes only a fragmented movie has; hidden once the full moov describes their samples.
bool is_fragment_box(const BoxHeader& box) { return box.is("moof") || box.is("mfra") || box.is("sidx"); }

//! The file open for reading and writing; closed on every path.
class OpenFile {
 public:
  explicit OpenFile(const std::filesystem::path& path) {
    do {
      fd_ = ::open(path.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    } while (fd_ < 0 && errno == EINTR);
  }
  ~OpenFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  int fd() const { return fd_; }
  //! Closes now, reporting close(2)'s error (a delayed write error) as errno; 0 when fine.
  int close() {
    const int rc = ::close(fd_) == 0 || errno == EINTR ? 0 : errno;
    fd_ = -1;
    return rc;
  }

 private:
  int fd_ = -1;
};

class Finaliser {
 public:
  Finaliser(const std::filesystem::path& path, FinaliseMode mode) : path_(path), mode_(mode), file_(path) {
    if (file_.fd() < 0)
      fail(mode == FinaliseMode::Recovery ? ExitCode::Input : ExitCode::Output, "cannot open it", errno);
  }

  FinaliseSummary run() {
    const TopLevelBoxes top = scan();
    std::vector<BoxHeader> moovs;
    for (const BoxHeader& box : top.boxes)
      if (box.is("moov")) moovs.push_back(box);
    if (moovs.empty()) refuse("it has no moov box, so it is not a movie frameout was recording");
    FinaliseSummary summary;
    if (moovs.size() >= 2) {
      // Finalising was interrupted after the full moov was appended: only the hiding is left to do.
      summary.was_finished = true;
      for (const BoxHeader& box : top.boxes)
        if (is_fragment_box(box) || (box.is("moov") && box.offset != moovs.back().offset)) hide(box);
      return done(summary);
    }
    const std::vector<uint8_t> initial = read(moovs.front());
    const auto defaults = read_track_defaults(payload_of(initial, read_boxes(initial).at(0)));
    if (defaults.empty()) {
      // An ordinary movie already; fragments still visible were left by an interrupted finalisation.
      for (const BoxHeader& box : top.boxes)
        if (is_fragment_box(box)) hide(box);
      return done(summary);
    }

    FragmentIndex index(defaults);
    std::vector<BoxHeader> fragments;
    uint64_t keep_end = top.complete_end;
    for (const BoxHeader& box : top.boxes) {
      if (!box.is("moof")) continue;
      const std::vector<uint8_t> moof = read(box);
      FragmentIndex probe(defaults);  // a fragment counts only when all its data is in the file
      probe.add_moof(moof, box.offset);
      if (probe.data_end() > top.complete_end) {
        keep_end = box.offset;
        break;
      }
      index.add_moof(moof, box.offset);
      fragments.push_back(box);
    }
    if (keep_end < top.file_size) {
      if (mode_ == FinaliseMode::CleanStop)
        fail(ExitCode::Output, fmt::format("its last {} bytes are an unfinished fragment", top.file_size - keep_end),
             0);
      if (::ftruncate(file_.fd(), static_cast<off_t>(keep_end)) != 0)
        fail(ExitCode::Output, "cannot cut off its unfinished end", errno);
      summary.bytes_cut = top.file_size - keep_end;
    }
    for (const auto& [id, track] : index.tracks()) summary.samples += track.samples.size();
    if (summary.samples == 0)
      refuse("it holds no complete fragment (the recording was stopped within its first second)");

    const std::vector<uint8_t> moov = build_full_moov(initial, index.tracks());
    write_at(keep_end, moov);
    // The full moov is in place before anything is hidden: an interruption from here on leaves a file that
    // `frameout recover` finishes by hiding what is left.
    hide(moovs.front());
    for (const BoxHeader& box : top.boxes)
      if (is_fragment_box(box) && box.offset < keep_end) hide(box);
    return done(summary);
  }

 private:
  [[noreturn]] void fail(ExitCode code, const std::string& what, int error) const {
    throw Error(code, fmt::format("cannot finalise \"{}\": {}{}", path_.string(), what,
                                  error != 0 ? fmt::format(": {}", std::strerror(error)) : std::string()));
  }

  [[noreturn]] void refuse(const std::string& why) const {
    fail(mode_ == FinaliseMode::Recovery ? ExitCode::Input : ExitCode::Output, why, 0);
  }

  TopLevelBoxes scan() const {
    try {
      return scan_top_level(file_.fd());
    } catch (const std::runtime_error& e) {
      fail(ExitCode::Output, fmt::format("reading it failed: {}", e.what()), 0);
    }
  }

  std::vector<uint8_t> read(const BoxHeader& box) const {
    constexpr uint64_t kLargestIndexBox = uint64_t{1} << 30;  // a moov or moof is an index, never media data
    if (box.size > kLargestIndexBox)
      refuse(
          fmt::format("its {} box at byte {} claims {} bytes", std::string(box.type.data(), 4), box.offset, box.size));
    std::vector<uint8_t> bytes(box.size);
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n =
          ::pread(file_.fd(), bytes.data() + done, bytes.size() - done, static_cast<off_t>(box.offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail(ExitCode::Output, "reading it failed", n < 0 ? errno : EIO);
      done += static_cast<size_t>(n);
    }
    return bytes;
  }

  void write_at(uint64_t offset, std::span<const uint8_t> bytes) const {
    if (::lseek(file_.fd(), static_cast<off_t>(offset), SEEK_SET) < 0)
      fail(ExitCode::Output, "seeking in it failed", errno);
    if (const int error = write_all(file_.fd(), bytes.data(), bytes.size()); error != 0)
      fail(ExitCode::Output, "writing its index failed", error);
  }

  void hide(const BoxHeader& box) const {
    static constexpr uint8_t kFree[4] = {'f', 'r', 'e', 'e'};
    write_at(box.offset + 4, kFree);
  }

  FinaliseSummary done(FinaliseSummary summary) {
    if (const int error = file_.close(); error != 0) fail(ExitCode::Output, "closing it failed", error);
    spdlog::debug("finalised \"{}\": {} samples indexed, {} bytes cut", path_.string(), summary.samples,
                  summary.bytes_cut);
    return summary;
  }

  const std::filesystem::path path_;
  const FinaliseMode mode_;
  OpenFile file_;
};

}  // namespace

FinaliseSummary finalise_fragmented_movie(const std::filesystem::path& file, FinaliseMode mode) {
  try {
    return Finaliser(file, mode).run();
  } catch (const std::logic_error& e) {  // out_of_range, invalid_argument, length_error: a malformed box
    throw Error(mode == FinaliseMode::Recovery ? ExitCode::Input : ExitCode::Output,
                fmt::format("cannot finalise \"{}\": a box in it is malformed ({})", file.string(), e.what()));
  }
}

}  // namespace frameout
