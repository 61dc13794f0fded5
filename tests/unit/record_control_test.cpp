#include <catch2/catch.hpp>

#include <utility>
#include <vector>

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

namespace {

struct Heard : FrameDecisionObserver {
  std::vector<std::pair<int64_t, bool>> frames;
  int takes = 0;
  void frame_decided(int64_t index, bool recorded) override { frames.emplace_back(index, recorded); }
  void take_read() override { ++takes; }
};

}  // namespace

TEST_CASE("between takes the frame that starts a take is reported when the take reads it", "[record_control]") {
  Counters counters;
  RecordControl control(false, false, false, counters);
  Heard heard;
  control.observe(heard);
  CHECK(control.on_frame(0, false) == RecordControl::Decision::Leave);
  control.apply("record on", "control");
  CHECK(control.on_frame(1, false) == RecordControl::Decision::Record);
  CHECK(heard.frames == std::vector<std::pair<int64_t, bool>>{{0, false}});  // left out at once, recorded not yet
  CHECK(control.on_frame(1) == RecordControl::Decision::Record);
  CHECK(control.on_frame(1) == RecordControl::Decision::Record);
  control.take_read();
  CHECK(heard.frames == std::vector<std::pair<int64_t, bool>>{{0, false}, {1, true}});
  CHECK(heard.takes == 1);
}
