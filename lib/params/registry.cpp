#include "params/registry.hpp"

#include <algorithm>
#include <cctype>

#include "params/spelling.hpp"
#include "params/tables.hpp"

namespace frameout::params {

namespace {

std::vector<ParamDef> build_all() {
  auto all = movie_page_params();
  for (const auto& more : {audio_page_params(), frameout_flags()}) all.insert(all.end(), more.begin(), more.end());
  return all;
}

}  // namespace

std::span<const ParamDef> all_params() {
  static const std::vector<ParamDef> all = build_all();
  return all;
}

const ParamDef* find_param(std::string_view name, Command command) {
  const auto params = all_params();
  const auto it = std::find_if(params.begin(), params.end(),
                               [&](const ParamDef& def) { return def.name == name && belongs_to(def, command); });
  return it == params.end() ? nullptr : &*it;
}

std::vector<std::string_view> suggest(std::string_view unknown, Command command) {
  // Names are all lower case; people type `--VideoCodec` from the labels, so compare case-blind.
  std::string typed(unknown);
  std::transform(typed.begin(), typed.end(), typed.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::size_t max_distance = std::max<std::size_t>(2, typed.size() / 3);

  struct Candidate {
    std::size_t distance;
    std::string_view name;
  };
  std::vector<Candidate> close;
  for (const ParamDef& def : all_params()) {
    if (!belongs_to(def, command)) continue;
    const std::size_t distance = edit_distance(typed, def.name);
    // A fragment like `bitrate` is far from `avgbitrate` by edit distance yet plainly meant it.
    // The contained side must have three characters, or `n` would match every typo holding an n.
    const bool contained = (typed.size() >= 3 && def.name.find(typed) != std::string_view::npos) ||
                           (def.name.size() >= 3 && typed.find(def.name) != std::string::npos);
    if (distance <= max_distance || contained) close.push_back({distance, def.name});
  }
  std::stable_sort(close.begin(), close.end(),
                   [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });

  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < close.size() && i < 3; ++i) names.push_back(close[i].name);
  return names;
}

std::string_view page_name(Page page) {
  switch (page) {
    case Page::MovieOut: return "movieout";
    case Page::Exr: return "exr";
    case Page::Settings: return "settings";
    case Page::Common: return "common";
    case Page::AudioFileOut: return "audiofileout";
    case Page::AudioCommon: return "audiocommon";
    case Page::Frameout: return "frameout";
  }
  return "";
}

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::Toggle: return "toggle";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::String: return "string";
    case Kind::Menu: return "menu";
    case Kind::Pulse: return "pulse";
    case Kind::Pair: return "pair";
    case Kind::List: return "list";
  }
  return "";
}

std::string_view status_name(Status status) {
  switch (status) {
    case Status::Implemented: return "implemented";
    case Status::NotYet: return "notyet";
    case Status::NotApplicable: return "notapplicable";
  }
  return "";
}

bool belongs_to(const ParamDef& def, Command command) {
  return def.command == command || def.command == Command::Both;
}

}  // namespace frameout::params
