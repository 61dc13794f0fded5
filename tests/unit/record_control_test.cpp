#include <catch2/catch.hpp>

#include "pipeline/record_control.hpp"
#include "system/error.hpp"

using namespace frameout;

TEST_CASE("set NAME VALUE keeps the value as written and is refused without a check", "[record_control]") {
  Counters counters;
  RecordControl control(true, false, false, counters);
  CHECK_THROWS_AS(control.apply("set file a.mov", "control"), Error);
  control.accept_settings([](const std::string& name, const std::string&) {
    if (name != "file") throw Error(ExitCode::Usage, "set " + name + ": cannot change");
  });
  control.apply("  SET   File   My Take.mov  ", "control");
  CHECK_THROWS_WITH(control.apply("set videocodec h264", "control"), Catch::Contains("videocodec"));
  CHECK_THROWS_WITH(control.apply("set file", "control"), Catch::Contains("give a value"));
  const auto settings = control.take_settings();
  REQUIRE(settings.size() == 1);
  CHECK(settings[0] == std::pair<std::string, std::string>{"file", "My Take.mov"});
  CHECK(control.take_settings().empty());
  CHECK(counters.control_events().back().command == "set file My Take.mov");
}

TEST_CASE("set record and set pause are the record and pause commands", "[record_control]") {
  Counters counters;
  RecordControl control(true, false, false, counters);
  CHECK(control.on_frame(0) == RecordControl::Decision::Record);
  control.apply("set pause ON", "control");
  CHECK(control.on_frame(1) == RecordControl::Decision::Leave);
  control.apply("set record off", "control");
  CHECK(control.on_frame(2) == RecordControl::Decision::EndTake);
  CHECK(control.take_ended());
}
