#include "job/job.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

namespace {

using params::Kind;
using params::ParamDef;
using params::Status;

// Far beyond any path, timecode or spec; a longer value is a mistake (or an attack on memory), refused before
// it reaches file-system calls and messages.
constexpr size_t kMaxValueBytes = 65536;

std::string unavailable_reason(Status status) {
  return status == Status::NotApplicable ? "has no meaning outside TouchDesigner" : "is not implemented yet in this build";
}

std::string join_tokens(const ParamDef& def) {
  std::string out;
  for (const auto& item : def.menu) {
    if (!out.empty()) out += ", ";
    out += item.token;
  }
  return out;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](unsigned char x, unsigned char y) {
    return std::tolower(x) == std::tolower(y);
  });
}

// Tokens are lower case in the table, but people copy `H264` or `4444XQ` from labels and other tools' docs;
// an exact match wins so a menu could still hold two tokens that differ only in case.
std::vector<params::MenuItem>::const_iterator find_menu_item(const ParamDef& def, std::string_view value) {
  const auto exact = std::find_if(def.menu.begin(), def.menu.end(), [&](const auto& m) { return m.token == value; });
  if (exact != def.menu.end()) return exact;
  return std::find_if(def.menu.begin(), def.menu.end(), [&](const auto& m) { return same_ignoring_case(m.token, value); });
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

std::pair<int64_t, int64_t> parse_pair(std::string_view text) {
  const auto x = text.find_first_of("xX");
  int64_t a = 0, b = 0;
  if (x == std::string_view::npos || !parse_number(text.substr(0, x), a) || !parse_number(text.substr(x + 1), b))
    return {-1, -1};
  return {a, b};
}

std::string toggle_text(std::string_view name, std::string_view value) {
  if (value == "on" || value == "1" || value == "true") return "on";
  if (value == "off" || value == "0" || value == "false") return "off";
  throw Error(ExitCode::Usage, fmt::format("--{}: '{}' is not a toggle value; use on, off, 1, 0, true or false", name, value));
}

}  // namespace

std::string_view command_name(params::Command command) {
  return command == params::Command::Audio ? "audio" : "movie";
}

const ParamDef& Job::def(std::string_view name) const {
  const ParamDef* found = params::find_param(name, command_);
  if (found == nullptr) {
    std::string message = fmt::format("unknown parameter --{} for frameout {}", name, command_name(command_));
    const auto close = params::suggest(name, command_);
    if (!close.empty()) message += fmt::format("; did you mean --{}?", close.front());
    throw Error(ExitCode::Usage, message);
  }
  return *found;
}

void Job::set(std::string_view name, std::string_view value) {
  const ParamDef& d = def(name);
  if (d.status != Status::Implemented)
    throw Error(ExitCode::Unavailable, fmt::format("--{} ({}) {}; see 'frameout params {}'", name, d.label,
                                                   unavailable_reason(d.status), command_name(command_)));
  if (value.size() > kMaxValueBytes)
    throw Error(ExitCode::Usage, fmt::format("--{}: the value is {} bytes long; at most {} are accepted", name,
                                             value.size(), kMaxValueBytes));
  switch (d.kind) {
    case Kind::Toggle:
      values_[std::string(name)] = toggle_text(name, value);
      return;
    case Kind::Int: {
      int64_t v = 0;
      if (!parse_number(value, v))
        throw Error(ExitCode::Usage, fmt::format("--{}: '{}' is not a whole number", name, value));
      if (d.range && (v < d.range->min || v > d.range->max))
        throw Error(ExitCode::Usage,
                    fmt::format("--{}: {} is outside the accepted range {} to {}", name, v, d.range->min, d.range->max));
      break;
    }
    case Kind::Float: {
      double v = 0;
      // from_chars reads "nan" and "inf"; neither is a usable length, quality or frequency.
      if (!parse_number(value, v) || !std::isfinite(v))
        throw Error(ExitCode::Usage, fmt::format("--{}: '{}' is not a finite number", name, value));
      break;
    }
    case Kind::Menu: {
      const auto it = find_menu_item(d, value);
      if (it == d.menu.end())
        throw Error(ExitCode::Usage,
                    fmt::format("--{}: '{}' is not one of its tokens: {}", name, value, join_tokens(d)));
      if (it->status != Status::Implemented)
        throw Error(ExitCode::Unavailable, fmt::format("--{} {} ({}) {}; see 'frameout params {}'", name, value,
                                                       it->label, unavailable_reason(it->status),
                                                       command_name(command_)));
      if (!it->sets.empty()) {
        set(it->sets, it->token);
        return;
      }
      values_[std::string(name)] = std::string(it->token);  // the table's spelling, whatever case was typed
      return;
    }
    case Kind::Pair: {
      const auto [a, b] = parse_pair(value);
      if (a < 0 || b < 0)
        throw Error(ExitCode::Usage, fmt::format("--{}: '{}' is not of the form WxH (two whole numbers)", name, value));
      if (d.parts.size() == 2) {
        set(d.parts[0], std::to_string(a));
        set(d.parts[1], std::to_string(b));
        return;
      }
      values_[std::string(name)] = fmt::format("{}x{}", a, b);
      return;
    }
    case Kind::List: {
      const auto free = std::find_if(d.parts.begin(), d.parts.end(), [&](std::string_view part) { return !given(part); });
      if (free == d.parts.end())
        throw Error(ExitCode::Usage, fmt::format("--{} '{}': at most {} may be given", name, value, d.parts.size()));
      set(*free, value);
      return;
    }
    case Kind::Pulse:
    case Kind::String:
      break;
  }
  values_[std::string(name)] = std::string(value);
}

bool Job::given(std::string_view name) const { return values_.find(name) != values_.end(); }

std::string Job::text(std::string_view name) const {
  settle(name);
  if (const auto it = values_.find(name); it != values_.end()) return it->second;
  return std::string(def(name).default_value);
}

bool Job::toggle(std::string_view name) const { return toggle_text(name, text(name)) == "on"; }

int64_t Job::integer(std::string_view name) const {
  int64_t v = 0;
  parse_number(text(name), v);
  return v;
}

double Job::real(std::string_view name) const {
  double v = 0;
  parse_number(text(name), v);
  return v;
}

std::pair<int64_t, int64_t> Job::pair(std::string_view name) const { return parse_pair(text(name)); }

void Job::settle(std::string_view name) const {
  if (read_.find(name) == read_.end()) read_.emplace(name);
}

std::vector<std::string> Job::unsettled() const {
  std::vector<std::string> names;
  for (const auto& [name, value] : values_)
    if (read_.find(name) == read_.end()) names.push_back(name);
  return names;
}

}  // namespace frameout
