#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "system/error.hpp"
#include "naming/frame_pattern.hpp"
#include "naming/output_target.hpp"
#include "naming/sequence_claim.hpp"

#include "temp_files.hpp"

using namespace frameout;
namespace fs = std::filesystem;

namespace {

// A fresh folder for one of this file's tests.
fs::path naming_folder(const std::string& name) { return testing::fresh_folder("naming_" + name); }

void touch(const fs::path& p, const std::string& text = "x") { std::ofstream(p) << text; }

}  // namespace

TEST_CASE("an output is written under a hidden name and published on commit", "[naming]") {
  const fs::path folder = naming_folder("commit");
  OutputTarget target(folder / "take.mov", {});
  CHECK(target.final_path() == folder / "take.mov");
  CHECK(target.temp_path().parent_path() == folder);
  CHECK(target.temp_path().filename().string().front() == '.');
  touch(target.temp_path(), "movie");
  target.commit();
  CHECK(fs::exists(folder / "take.mov"));
  CHECK_FALSE(fs::exists(target.temp_path()));
  fs::remove_all(folder);
}

TEST_CASE("an existing file is refused unless overwriting", "[naming]") {
  const fs::path folder = naming_folder("exists");
  touch(folder / "take.mov", "old");
  try {
    OutputTarget target(folder / "take.mov", {});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Output);
    CHECK_THAT(e.what(), Catch::Contains("take.mov"));
  }
  OutputTarget target(folder / "take.mov", {false, 0, true});
  touch(target.temp_path(), "new");
  target.commit();
  std::ifstream in(folder / "take.mov");
  std::string text;
  in >> text;
  CHECK(text == "new");
  fs::remove_all(folder);
}

TEST_CASE("unique suffixes take the first free number from n", "[naming]") {
  const fs::path folder = naming_folder("unique");
  touch(folder / "take1.mov");
  touch(folder / "take2.mov");
  OutputTarget target(folder / "take.mov", {true, 1, false});
  CHECK(target.final_path() == folder / "take3.mov");
  // A file that appears at the chosen name while recording is not replaced: the next number is taken.
  touch(target.temp_path(), "mine");
  touch(folder / "take3.mov", "theirs");
  target.commit();
  CHECK(fs::exists(folder / "take4.mov"));
  fs::remove_all(folder);
}

TEST_CASE("a discarded output leaves nothing behind", "[naming]") {
  const fs::path folder = naming_folder("discard");
  {
    OutputTarget target(folder / "sub" / "take.mov", {});
    CHECK(fs::is_directory(folder / "sub"));
    touch(target.temp_path());
  }  // not committed: the destructor discards
  CHECK(fs::is_empty(folder / "sub"));
  fs::remove_all(folder);
}

TEST_CASE("a folder that cannot be created is an output error", "[naming]") {
  const fs::path folder = naming_folder("blocked");
  touch(folder / "file");
  try {
    OutputTarget target(folder / "file" / "take.mov", {});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Output);
    CHECK_THAT(e.what(), Catch::Contains("take.mov"));
  }
  fs::remove_all(folder);
}

TEST_CASE("frame patterns place and pad the frame number", "[naming]") {
  CHECK(FramePattern("renders/shot010.####.exr", 0).path_for(1001) == "renders/shot010.1001.exr");
  CHECK(FramePattern("renders/shot010.####.exr", 6).path_for(7) == "renders/shot010.000007.exr");
  CHECK(FramePattern("f.%05d.png", 0).path_for(3) == "f.00003.png");
  CHECK(FramePattern("f.%d.png", 0).path_for(3) == "f.3.png");
  CHECK(FramePattern("f.$F4.png", 0).path_for(12) == "f.0012.png");
  CHECK(FramePattern("f.@@@.png", 0).path_for(5) == "f.005.png");
  CHECK(FramePattern("frame.png", 4).path_for(5) == "frame0005.png");
  CHECK(FramePattern("a#b/take.mov", 0).path_for(2) == "a#b/take2.mov");  // a # in a folder is not a token
  CHECK(FramePattern("f.####.png", 0).path_for(-3) == "f.-0003.png");
  CHECK(FramePattern::contains_token("x.$F.exr"));
  CHECK_FALSE(FramePattern::contains_token("x.exr"));
}

// Found by tests/fuzz/frame_pattern_fuzz: negating the lowest frame number was undefined, and a token's width
// went to std::stoi (out_of_range escaped) or to fmt (a name of a billion zeros).
TEST_CASE("frame patterns take any frame number and refuse absurd token widths", "[naming]") {
  CHECK(FramePattern("f.#.png", 0).path_for(INT64_MIN) == "f.-9223372036854775808.png");
  CHECK(FramePattern("f.%032d.png", 0).digits() == 32);
  CHECK(FramePattern("f.%0d.png", 0).digits() == 0);
  CHECK_THROWS_AS(FramePattern("f.%033d.png", 0), Error);
  CHECK_THROWS_AS(FramePattern("f.%099999999999d.png", 0), Error);
  CHECK_THROWS_AS(FramePattern("f.$F0999999999.png", 0), Error);
}

TEST_CASE("n fills a frame token of a single output's name", "[naming]") {
  const fs::path folder = naming_folder("token");
  OutputTarget target(folder / "take_###.wav", {false, 7, false});
  CHECK(target.final_path() == folder / "take_007.wav");
  OutputTarget plain(folder / "take.wav", {false, 7, false});
  CHECK(plain.final_path() == folder / "take.wav");
  fs::remove_all(folder);
}

TEST_CASE("a uniquesuff sequence claims a range no file and no live claim is in", "[naming]") {
  const fs::path folder = naming_folder("claim");
  const FramePattern pattern(folder / "s.####.png", 0);
  touch(folder / "s.0002.png");
  {
    SequenceClaim first(pattern, 1, 3);  // 1 is free, but 2 is taken: the range starts after it
    CHECK(first.number() == 3);
    CHECK(fs::exists(folder / ".s.0003.png.frameout-claim"));
    SequenceClaim second(pattern, 1, 2);  // steps over the live claim's 3 numbers
    CHECK(second.number() == 6);
    SequenceClaim unknown(pattern, 1, std::nullopt);  // one number; 1 is still free
    CHECK(unknown.number() == 1);
  }
  // Every claim is gone with its run; only the file that was there before stays.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  CHECK(names == std::vector<std::string>{"s.0002.png"});
}

TEST_CASE("a claim left by a process that has ended holds its own number only", "[naming]") {
  const fs::path folder = naming_folder("stale_claim");
  const FramePattern pattern(folder / "s.####.png", 0);
  // Process ids stop below 2^22 on Linux: this one never runs.
  touch(folder / ".s.0001.png.frameout-claim", "frameout sequence claim: 100 files, process 99999999\n");
  SequenceClaim claim(pattern, 1, 2);
  CHECK(claim.number() == 2);
}

TEST_CASE("a temporary name gives back the name it stands for", "[naming]") {
  const std::string temp = temporary_name("take 01.mov");
  CHECK(name_behind_temporary(temp) == "take 01.mov");
  CHECK(name_behind_temporary(".x.mov.frameout-0123456789abcdef.part") == "x.mov");
  CHECK_FALSE(name_behind_temporary("x.mov"));
  CHECK_FALSE(name_behind_temporary(".x.mov.frameout-0123.part"));
  CHECK_FALSE(name_behind_temporary(".x.mov.frameout-0123456789abcdeg.part"));
  CHECK_FALSE(name_behind_temporary("x.mov.frameout-0123456789abcdef.part"));
}
