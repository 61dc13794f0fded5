#include "naming/frame_pattern.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

namespace {

// No frame number needs more; a bigger width from a typo (%0999999d) would only make absurd names or memory.
constexpr int kMaxDigits = 32;

// The padding a printf or Houdini token asks for ("" is none); refused past kMaxDigits, before stoi can overflow.
int token_width(const std::string& digits, const std::string& name) {
  const auto first = digits.find_first_not_of('0');
  if (first != std::string::npos && (digits.size() - first > 2 || std::stoi(digits.substr(first)) > kMaxDigits))
    throw Error(ExitCode::Usage, fmt::format("the frame token of \"{}\" asks for {} digits; at most {} are supported",
                                             name, digits, kMaxDigits));
  return first == std::string::npos ? 0 : std::stoi(digits.substr(first));
}

// One token: a run of # or @ (one digit each), printf's %0Nd / %d, or Houdini's $FN / $F.
const std::regex& token_regex() {
  static const std::regex re(R"((#+)|(@+)|%0?(\d*)d|\$F(\d*))");
  return re;
}

}  // namespace

bool FramePattern::contains_token(const std::string& text) { return std::regex_search(text, token_regex()); }

FramePattern::FramePattern(const std::filesystem::path& path, int min_digits) {
  const std::string name = path.filename().string();
  const std::string folder = path.has_parent_path() ? path.parent_path().string() + "/" : "";
  std::smatch match;
  // The last token in the file name is the frame number (folders may contain # innocently).
  std::string::const_iterator search_from = name.begin();
  std::optional<std::smatch> last;
  while (std::regex_search(search_from, name.end(), match, token_regex())) {
    last = match;
    search_from = match[0].second;
  }
  int token_digits = 0;
  if (last) {
    has_token_ = true;
    const std::smatch& m = *last;
    if (m[1].matched) token_digits = static_cast<int>(m[1].length());
    else if (m[2].matched) token_digits = static_cast<int>(m[2].length());
    else token_digits = token_width(m[3].matched ? m[3].str() : m[4].str(), name);
    prefix_ = folder + std::string(name.begin(), m[0].first);
    suffix_ = std::string(m[0].second, name.end());
  } else {
    const std::string extension = path.extension().string();
    prefix_ = folder + name.substr(0, name.size() - extension.size());
    suffix_ = extension;
  }
  digits_ = std::max(token_digits, min_digits);
}

std::filesystem::path FramePattern::path_for(int64_t number) const {
  // Through unsigned, so the lowest int64_t has a magnitude too.
  const uint64_t magnitude = number < 0 ? 0 - static_cast<uint64_t>(number) : static_cast<uint64_t>(number);
  const std::string digits = fmt::format("{:0{}}", magnitude, std::max(1, digits_));
  return prefix_ + (number < 0 ? "-" : "") + digits + suffix_;
}

}  // namespace frameout
