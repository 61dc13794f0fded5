#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <unistd.h>

#include "system/error.hpp"
#include "job/cli_args.hpp"
#include "job/job.hpp"
#include "job/job_json.hpp"

using frameout::Error;
using frameout::ExitCode;
using frameout::Job;
using frameout::params::Command;

namespace {

ExitCode code_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.code();
  }
  return ExitCode::Ok;
}

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("job values are normalised and defaults read through", "[job]") {
  Job job(Command::Movie);
  job.set("uniquesuff", "true");
  job.set("input-size", "1280X720");
  CHECK(job.text("uniquesuff") == "on");
  CHECK(job.toggle("uniquesuff"));
  CHECK(job.text("input-size") == "1280x720");
  CHECK(job.pair("input-size") == std::pair<int64_t, int64_t>{1280, 720});
  CHECK(job.text("videocodec") == "prores");
  CHECK_FALSE(job.given("videocodec"));
}

TEST_CASE("bad names, values and unimplemented parameters are refused with the contract's codes", "[job]") {
  Job job(Command::Movie);
  CHECK(code_of([&] { job.set("videocodc", "h264"); }) == ExitCode::Usage);
  CHECK_THAT(message_of([&] { job.set("videocodc", "h264"); }), Catch::Contains("did you mean --videocodec"));
  CHECK(code_of([&] { job.set("videocodec", "h266"); }) == ExitCode::Usage);
  CHECK_THAT(message_of([&] { job.set("videocodec", "h266"); }), Catch::Contains("prores"));
  CHECK(code_of([&] { job.set("quality", "high"); }) == ExitCode::Usage);
  CHECK(code_of([&] { job.set("overwrite", "maybe"); }) == ExitCode::Usage);
  CHECK(code_of([&] { job.set("input-size", "1920by1080"); }) == ExitCode::Usage);
  CHECK(code_of([&] { job.set("stereomode", "leftright"); }) == ExitCode::Unavailable);
  CHECK(code_of([&] { job.set("videocodec", "notchlc"); }) == ExitCode::Unavailable);
  CHECK(code_of([&] { job.set("fillmode", "fill"); }) == ExitCode::Unavailable);
}

TEST_CASE("command-line arguments bind through the registry", "[job]") {
  const std::vector<std::string> args = {"--input", "-", "--overwrite", "--videocodec=h264", "--uniquesuff", "off",
                                         "-vv", "--length", "2"};
  const auto cli = frameout::parse_job_args(Command::Movie, args);
  CHECK(cli.job.text("input") == "-");
  CHECK(cli.job.toggle("overwrite"));
  CHECK_FALSE(cli.job.toggle("uniquesuff"));
  CHECK(cli.job.text("videocodec") == "h264");
  CHECK(cli.job.real("length") == 2.0);
  CHECK(cli.verbosity == 2);
  const std::vector<std::string> dangling = {"--file"};
  CHECK(code_of([&] { frameout::parse_job_args(Command::Movie, dangling); }) == ExitCode::Usage);
  const std::vector<std::string> positional = {"out.mov"};
  CHECK(code_of([&] { frameout::parse_job_args(Command::Movie, positional); }) == ExitCode::Usage);
}

TEST_CASE("JSON jobs use the flag names and --set overrides every job", "[job]") {
  const auto doc = nlohmann::json::parse(R"({"jobs": [
      {"videocodec": "h264", "quality": 0.5, "limitlength": true, "length": 2},
      {"command": "movie", "videocodec": "rle"}]})");
  const auto jobs = frameout::jobs_from_json(doc, {"file=x.mov"}, "test");
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0].text("quality") == "0.5");
  CHECK(jobs[0].toggle("limitlength"));
  CHECK(jobs[0].integer("length") == 2);
  CHECK(jobs[1].text("file") == "x.mov");
  const auto round_trip = frameout::jobs_from_json(frameout::job_to_json(jobs[0]), {}, "again");
  CHECK(round_trip[0].values() == jobs[0].values());
  CHECK(code_of([&] { frameout::jobs_from_json(nlohmann::json::parse(R"({"videocodec": [1]})"), {}, "t"); }) ==
        ExitCode::Usage);
  CHECK(code_of([&] { frameout::jobs_from_json(nlohmann::json::parse(R"({"jobs": []})"), {}, "t"); }) ==
        ExitCode::Usage);
  CHECK(code_of([&] { frameout::jobs_from_json(nlohmann::json::parse("{}"), {"novalue"}, "t"); }) == ExitCode::Usage);
}

TEST_CASE("a list parameter fills its parts in turn, from flags or a JSON array", "[job]") {
  const std::vector<std::string> args = {"--exr-input", "a.exr", "--exr-input", "b.####.exr"};
  const auto cli = frameout::parse_job_args(Command::Movie, args);
  CHECK(cli.job.text("input1top") == "a.exr");
  CHECK(cli.job.text("input2top") == "b.####.exr");
  CHECK_FALSE(cli.job.given("input3top"));
  const auto jobs = frameout::jobs_from_json(nlohmann::json::parse(R"({"exr-input": ["a.exr", "b.####.exr"]})"), {}, "t");
  CHECK(jobs[0].values() == cli.job.values());
  Job full(Command::Movie);
  for (int i = 0; i < 8; ++i) full.set("exr-input", "x.exr");
  CHECK(full.text("input8top") == "x.exr");
  CHECK(code_of([&] { full.set("exr-input", "x.exr"); }) == ExitCode::Usage);
  CHECK_THAT(message_of([&] { full.set("exr-input", "x.exr"); }), Catch::Contains("at most 8"));
}

TEST_CASE("real values must be finite numbers", "[job]") {
  for (const char* bad : {"nan", "NaN", "inf", "-inf", "infinity", "1e999"}) {
    INFO(bad);
    Job movie(Command::Movie);
    CHECK(code_of([&] { movie.set("quality", bad); }) == ExitCode::Usage);
    CHECK_THAT(message_of([&] { movie.set("quality", bad); }), Catch::StartsWith("--quality:"));
    Job audio(Command::Audio);
    CHECK(code_of([&] { audio.set("duration", bad); }) == ExitCode::Usage);
  }
  Job job(Command::Movie);
  job.set("quality", "0.25");
  CHECK(job.real("quality") == 0.25);
}

TEST_CASE("whole numbers with a declared range are checked at its limits", "[job]") {
  Job job(Command::Movie);
  CHECK(code_of([&] { job.set("n", "9223372036854775807"); }) == ExitCode::Usage);
  CHECK_THAT(message_of([&] { job.set("n", "-9223372036854775808"); }), Catch::StartsWith("--n:"));
  CHECK(code_of([&] { job.set("n", "9223372036854775808"); }) == ExitCode::Usage);  // past int64
  CHECK(code_of([&] { job.set("avgbitrate", "9223372036854775807"); }) == ExitCode::Usage);
  CHECK(code_of([&] { job.set("max-input-pixels", "0"); }) == ExitCode::Usage);
  job.set("n", "999999999999999999");
  CHECK(job.integer("n") == 999999999999999999);
  job.set("n", "-7");
  CHECK(job.integer("n") == -7);
}

TEST_CASE("an absurdly long value is refused before it is used", "[job]") {
  Job job(Command::Movie);
  const std::string huge(10'000'000, 'x');
  CHECK(code_of([&] { job.set("file", huge); }) == ExitCode::Usage);
  CHECK_THAT(message_of([&] { job.set("file", huge); }), Catch::StartsWith("--file:") && Catch::Contains("10000000"));
  job.set("file", std::string(4000, 'x'));
}

TEST_CASE("job files that are folders or hold out-of-range numbers are usage errors naming the file", "[job]") {
  const auto folder = std::filesystem::temp_directory_path();
  CHECK(code_of([&] { frameout::load_job_file(folder, {}); }) == ExitCode::Usage);
  CHECK_THAT(message_of([&] { frameout::load_job_file(folder, {}); }), Catch::Contains(folder.string()));
  const auto file = folder / ("frameout_job_overflow_" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << R"({"type": "movie", "quality": 1e999})";
  CHECK(code_of([&] { frameout::load_job_file(file, {}); }) == ExitCode::Usage);
  CHECK_THAT(message_of([&] { frameout::load_job_file(file, {}); }), Catch::Contains(file.string()));
  std::filesystem::remove(file);
  // An integer past INT64_MAX must not wrap to a negative value that passes the range check.
  const auto wrapped = nlohmann::json::parse(R"({"type": "movie", "n": 18446744073709551615})");
  CHECK_THAT(message_of([&] { frameout::jobs_from_json(wrapped, {}, "job"); }), Catch::Contains("18446744073709551615"));
}

TEST_CASE("menu tokens are matched whatever their case and kept in the table's spelling", "[job]") {
  Job job(Command::Movie);
  job.set("videocodec", "H264");
  CHECK(job.text("videocodec") == "h264");
  job.set("videocodectype", "4444XQ");
  CHECK(job.text("videocodectype") == "4444xq");
  job.set("audiobitrate", "AAC");  // a token that sets another parameter passes the table's spelling on
  CHECK(job.text("audiocodec") == "aac");
  CHECK(code_of([&] { job.set("videocodec", "H266"); }) == ExitCode::Usage);
}
