#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>

#include "media/input_limits.hpp"
#include "params/registry.hpp"

using namespace frameout::params;

namespace {

constexpr Command kCommands[] = {Command::Movie, Command::Audio};

}  // namespace

TEST_CASE("each name is declared once per command", "[params]") {
  for (const Command command : kCommands) {
    std::set<std::string> seen;
    for (const ParamDef& def : all_params()) {
      if (!belongs_to(def, command)) continue;
      INFO("parameter " << def.name << " on page " << page_name(def.page));
      CHECK(seen.insert(std::string(def.name)).second);
    }
  }
}

TEST_CASE("every parameter has a name, a label and help", "[params]") {
  for (const ParamDef& def : all_params()) {
    INFO("parameter " << def.name);
    CHECK_FALSE(def.name.empty());
    CHECK_FALSE(def.label.empty());
    CHECK_FALSE(def.help.empty());
  }
}

TEST_CASE("menus list labelled, distinct tokens and default to one of them", "[params]") {
  for (const ParamDef& def : all_params()) {
    INFO("parameter " << def.name);
    if (def.kind != Kind::Menu) {
      CHECK(def.menu.empty());
      continue;
    }
    REQUIRE_FALSE(def.menu.empty());
    std::set<std::string_view> tokens;
    for (const MenuItem& item : def.menu) {
      INFO("token " << item.token);
      CHECK_FALSE(item.token.empty());
      CHECK_FALSE(item.label.empty());
      CHECK(tokens.insert(item.token).second);
    }
    CHECK(tokens.count(def.default_value) == 1);
  }
}

TEST_CASE("pairs name their numeric parts, declared for the same command", "[params]") {
  for (const ParamDef& def : all_params()) {
    if (def.kind != Kind::Pair) continue;
    INFO("parameter " << def.name);
    // The reference pages always give a pair its two part parameters; frameout's own pairs may have none.
    if (def.page == Page::Frameout) {
      CHECK((def.parts.empty() || def.parts.size() == 2));
    } else {
      CHECK(def.parts.size() == 2);
    }
    for (const Command command : kCommands) {
      if (!belongs_to(def, command)) continue;
      for (const std::string_view part : def.parts) {
        INFO("part " << part);
        const ParamDef* found = find_param(part, command);
        REQUIRE(found != nullptr);
        CHECK((found->kind == Kind::Int || found->kind == Kind::Float));
      }
    }
  }
}

TEST_CASE("lists name string parts of the same command, and exr-input covers every additional EXR input", "[params]") {
  for (const ParamDef& def : all_params()) {
    if (def.kind != Kind::List) continue;
    INFO("parameter " << def.name);
    CHECK_FALSE(def.parts.empty());
    for (const std::string_view part : def.parts) {
      const ParamDef* found = find_param(part, def.command);
      REQUIRE(found != nullptr);
      CHECK(found->kind == Kind::String);
    }
  }
  std::vector<std::string_view> tops;
  for (const ParamDef& def : all_params())
    if (def.name.starts_with("input") && def.name.ends_with("top") && def.status == Status::Implemented)
      tops.push_back(def.name);
  CHECK(find_param("exr-input", Command::Movie)->parts == tops);
}

TEST_CASE("lookup is by name and command", "[params]") {
  REQUIRE(find_param("videocodec", Command::Movie) != nullptr);
  CHECK(find_param("videocodec", Command::Audio) == nullptr);
  REQUIRE(find_param("codec", Command::Audio) != nullptr);
  CHECK(find_param("codec", Command::Movie) == nullptr);

  const ParamDef* movie_file = find_param("file", Command::Movie);
  const ParamDef* audio_file = find_param("file", Command::Audio);
  REQUIRE(movie_file != nullptr);
  REQUIRE(audio_file != nullptr);
  CHECK(movie_file != audio_file);
  CHECK(find_param("no-such-parameter", Command::Movie) == nullptr);
}

TEST_CASE("suggest offers the closest known names first", "[params]") {
  const auto names = suggest("videocodc", Command::Movie);
  REQUIRE_FALSE(names.empty());
  CHECK(names.front() == "videocodec");
  CHECK(names.size() <= 3);

  CHECK(suggest("xyzzyplugh", Command::Movie).empty());

  const auto audio = suggest("codc", Command::Audio);
  REQUIRE_FALSE(audio.empty());
  CHECK(audio.front() == "codec");
}

TEST_CASE("names shown by `frameout params` are lower case", "[params]") {
  CHECK(page_name(Page::MovieOut) == "movieout");
  CHECK(page_name(Page::AudioCommon) == "audiocommon");
  CHECK(kind_name(Kind::Pair) == "pair");
  CHECK(status_name(Status::NotApplicable) == "notapplicable");
}

TEST_CASE("the default of --max-input-pixels is the readers' own limit", "[params]") {
  const ParamDef* def = find_param("max-input-pixels", Command::Movie);
  REQUIRE(def != nullptr);
  CHECK(def->default_value == std::to_string(frameout::kDefaultMaxInputPixels));
}

TEST_CASE("declared ranges are ordered and hold the default", "[params]") {
  for (const ParamDef& def : all_params()) {
    if (!def.range) continue;
    INFO(def.name);
    CHECK(def.kind == Kind::Int);
    CHECK(def.range->min <= def.range->max);
    const int64_t value = std::stoll(std::string(def.default_value));
    CHECK(value >= def.range->min);
    CHECK(value <= def.range->max);
  }
}
