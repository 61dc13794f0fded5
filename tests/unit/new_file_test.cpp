// Temporary files are created new, never opened through a link planted at their name: every writer is handed
// a name where a link to a victim file (or a dangling link) already sits, and must fail without touching it.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

extern "C" {
#include <libavformat/avio.h>
}

#include "system/error.hpp"
#include "system/new_file.hpp"
#include "media/pixel_format.hpp"
#include "media/video_frame.hpp"
#include "report/run_report.hpp"
#include "sinks/audio/aiff_writer.hpp"
#include "sinks/audio/encoded_audio_writer.hpp"
#include "sinks/audio/ogg_vorbis_writer.hpp"
#include "sinks/audio/wav_writer.hpp"
#include "sinks/image/image_writer.hpp"
#include "sinks/new_file_avio.hpp"
#include "temp_files.hpp"

using namespace frameout;
using frameout::testing::fresh_folder;
using frameout::testing::FullFolder;
using frameout::testing::slurp;
namespace fs = std::filesystem;

namespace {

const std::string kPrecious = "the job owner's file\n";

// A folder with a victim file and a link to it at `name`; checks afterwards that the victim is untouched.
struct PlantedLink {
  fs::path folder, victim, link;
  PlantedLink(const std::string& test, const std::string& name)
      : folder(fresh_folder("planted_" + test)), victim(folder / "victim"), link(folder / name) {
    std::ofstream(victim, std::ios::binary) << kPrecious;
    fs::create_symlink(victim, link);
  }
  ~PlantedLink() { fs::remove_all(folder); }
  bool victim_untouched() const {
    const auto bytes = slurp(victim);
    return std::string(bytes.begin(), bytes.end()) == kPrecious;
  }
};

// Runs `write` (which must throw Error(Output) naming `path`) and says whether it did.
template <typename Write>
void check_refused(const fs::path& path, Write&& write) {
  try {
    write();
    FAIL("a planted link was written through");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Output);
    CHECK_THAT(e.what(), Catch::Contains(path.string()));
  }
}

}  // namespace

TEST_CASE("create_new_file makes a new file and refuses anything already at the name", "[new_file]") {
  const fs::path folder = fresh_folder("create_new_file");
  const mode_t old_mask = ::umask(027);
  const int fd = create_new_file(folder / "new");
  ::umask(old_mask);
  REQUIRE(fd >= 0);
  ::close(fd);
  CHECK((fs::status(folder / "new").permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  CHECK(create_new_file(folder / "new") == -EEXIST);  // an existing file

  fs::create_symlink(folder / "nowhere", folder / "dangling");
  CHECK(create_new_file(folder / "dangling") == -EEXIST);  // O_EXCL: a link is never followed
  CHECK_FALSE(fs::exists(folder / "nowhere"));
  fs::remove_all(folder);
}

TEST_CASE("temporary-name suffixes are unpredictable", "[new_file]") {
  const std::string a = unpredictable_suffix(), b = unpredictable_suffix();
  CHECK(a.size() == 16);
  CHECK(a != b);
  CHECK(a.find(std::to_string(::getpid())) == std::string::npos);
}

TEST_CASE("libavformat output goes into a file created new", "[new_file]") {
  const PlantedLink planted("avio", "movie.part");
  AVIOContext* pb = nullptr;
  CHECK(open_new_file_avio(&pb, planted.link) == AVERROR(EEXIST));
  CHECK(pb == nullptr);
  CHECK(planted.victim_untouched());

  const fs::path fresh = planted.folder / "fresh.part";
  REQUIRE(open_new_file_avio(&pb, fresh) == 0);
  avio_write(pb, reinterpret_cast<const unsigned char*>("abcdef"), 6);
  avio_seek(pb, 0, SEEK_SET);  // the muxers seek back to patch headers
  avio_write(pb, reinterpret_cast<const unsigned char*>("X"), 1);
  CHECK(close_new_file_avio(&pb) == 0);
  CHECK(pb == nullptr);
  const auto bytes = slurp(fresh);
  CHECK(std::string(bytes.begin(), bytes.end()) == "Xbcdef");
}

TEST_CASE("every image writer refuses a link planted at its temporary name", "[new_file]") {
  for (const std::string token : {"exr", "png", "tiff", "jpeg", "bmp", "dds"}) {
    INFO(token);
    const auto writer = make_image_writer(token);
    REQUIRE(writer);
    const PixelFormat stored = writer->stored_format(*find_pixel_format("rgba8fixed"));
    VideoFrame frame;
    frame.format = stored;
    frame.width = 8;
    frame.height = 8;
    frame.data.assign(stored.frame_bytes(8, 8), 0x40);
    for (const std::string& compression : token == "exr" ? std::vector<std::string>{"zip", "piz"} : std::vector<std::string>{""}) {
      INFO(compression);
      const PlantedLink planted("image_" + token + compression, ".x.frameout-0.part");
      ImageOptions options;
      options.compression = compression;
      check_refused(planted.link, [&] { writer->write(planted.link, frame, options); });
      CHECK(planted.victim_untouched());
      CHECK(fs::is_symlink(planted.link));
    }
  }
}

TEST_CASE("every audio writer refuses a link planted at its temporary name", "[new_file]") {
  AudioFileOptions options;
  options.sample_format = SampleFormat::S16;
  const auto make = [&](const std::string& type) -> std::unique_ptr<AudioFileWriter> {
    if (type == "wav") return make_wav_writer(options);
    if (type == "aiff") return make_aiff_writer(options);
    if (type == "ogg") return std::make_unique<OggVorbisWriter>(options);
    return std::make_unique<EncodedAudioWriter>("mp3", "libmp3lame", options);
  };
  for (const std::string type : {"wav", "aiff", "ogg", "mp3"}) {
    INFO(type);
    const PlantedLink planted("audio_" + type, ".take.frameout-0.part");
    const auto writer = make(type);
    check_refused(planted.link, [&] { writer->open(planted.link, 48000, 2); });
    CHECK(planted.victim_untouched());
  }
}

TEST_CASE("a report that cannot be written is an output error and leaves no temporary file", "[new_file]") {
  Counters counters;
  RunSummary summary;
  summary.job = {{"command", "movie"}};
  const fs::path folder = fresh_folder("report_folder");
  fs::create_directories(folder / "report.json");  // --report naming a folder
  check_refused(folder / "report.json", [&] { write_run_report(folder / "report.json", summary, counters); });
  CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
  fs::remove_all(folder);

  if (const FullFolder full("report_full"); full.mounted()) {  // a full disk: not a 0-byte report and success
    check_refused(full / "report.json", [&] { write_run_report(full / "report.json", summary, counters); });
    CHECK_FALSE(fs::exists(full / "report.json"));
    CHECK(std::distance(fs::directory_iterator(full / ""), fs::directory_iterator()) == 1);  // the filler
  }
}
