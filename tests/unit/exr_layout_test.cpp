#include <catch2/catch.hpp>

#include "system/error.hpp"
#include "job/job.hpp"
#include "plan/exr_layout.hpp"

using namespace frameout;
using frameout::params::Command;

TEST_CASE("EXR layout: main names default to R G B A, Y for mono, additional blocks in order", "[image]") {
  Job job(Command::Movie);
  job.set("input3top", "c.####.exr");
  job.set("input1top", "a.exr");
  job.set("input3r", "c.red");
  const ExrLayout layout = exr_layout(job, ChannelSet::RGBA);
  REQUIRE(layout.inputs.size() == 2);
  CHECK(layout.inputs[0].block == 1);
  CHECK(layout.inputs[1].block == 3);
  CHECK(layout.inputs[1].spec == "c.####.exr");
  REQUIRE(layout.names.size() == 3);
  CHECK(layout.names[0] == ExrChannelNames{"R", "G", "B", "A"});
  CHECK(layout.names[1] == ExrChannelNames{"input1.R", "input1.G", "input1.B", "input1.A"});
  CHECK(layout.names[2] == ExrChannelNames{"c.red", "input3.G", "input3.B", "input3.A"});
  CHECK(exr_layout(Job(Command::Movie), ChannelSet::Mono).names[0][0] == "Y");
  Job named(Command::Movie);
  named.set("input0r", "depth");
  CHECK(exr_layout(named, ChannelSet::MonoAlpha).names[0][0] == "depth");
  CHECK(first_exr_channel_param(Job(Command::Movie)).empty());
  CHECK(first_exr_channel_param(job) == "input1top");
}

TEST_CASE("EXR layout refuses names without an input and a file without channels", "[image]") {
  Job orphan(Command::Movie);
  orphan.set("input2g", "x");
  CHECK(first_exr_channel_param(orphan) == "input2g");
  try {
    exr_layout(orphan, ChannelSet::RGBA);
    FAIL("names for a block without an input were accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Usage);
    CHECK_THAT(e.what(), Catch::Contains("--input2g") && Catch::Contains("--input2top"));
  }
  Job empty(Command::Movie);
  for (const char* name : {"input0r", "input0g", "input0b", "input0a"}) empty.set(name, "");
  CHECK_THROWS_AS(exr_layout(empty, ChannelSet::RGBA), Error);
}
