#include "sources/images/frame_range.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <numeric>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

namespace {

// Far beyond any real frame number, and small enough that no span arithmetic can overflow.
constexpr int64_t kMaxFrameNumber = 1'000'000'000;

Error frames_error(std::string_view spec, const std::string& why) {
  return Error(ExitCode::Usage, fmt::format("--frames '{}': {}", spec, why));
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

//! Reads an optionally negative decimal number at the start of `text`, advancing past it.
std::optional<int64_t> take_number(std::string_view& text, bool allow_sign) {
  const bool negative = allow_sign && !text.empty() && text.front() == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end == digits.data() || !std::isdigit(static_cast<unsigned char>(digits.front())))
    return std::nullopt;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  return negative ? -value : value;
}

FrameSpan parse_item(std::string_view spec, std::string_view item) {
  const std::string bad = fmt::format("'{}' is not a frame N, a range A-B or a stepped range A-BxS", item);
  std::string_view rest = item;
  const auto first = take_number(rest, true);
  if (!first) throw frames_error(spec, bad);
  FrameSpan span{*first, *first, 1};
  if (!rest.empty()) {
    if (rest.front() != '-') throw frames_error(spec, bad);
    rest.remove_prefix(1);
    const auto last = take_number(rest, true);
    if (!last) throw frames_error(spec, bad);
    span.last = *last;
    if (!rest.empty()) {
      if (rest.front() != 'x') throw frames_error(spec, bad);
      rest.remove_prefix(1);
      const auto step = take_number(rest, false);
      if (!step || !rest.empty()) throw frames_error(spec, bad);
      if (*step < 1) throw frames_error(spec, fmt::format("the step in '{}' must be at least 1", item));
      span.step = *step;
    }
  }
  for (const int64_t n : {span.first, span.last})
    if (n < -kMaxFrameNumber || n > kMaxFrameNumber)
      throw frames_error(spec, fmt::format("frame {} is outside -{} to {}", n, kMaxFrameNumber, kMaxFrameNumber));
  // A reversed range is more often a typo (100-1 for 1-100) than a wish to render backwards.
  if (span.last < span.first)
    throw frames_error(spec, fmt::format("the range '{}' runs backwards; write the lower frame first ({}-{})", item,
                                         span.last, span.first));
  return span;
}

}  // namespace

void FrameRange::append(const FrameSpan& span) {
  starts_.push_back(size_);
  spans_.push_back(span);
  size_ += span.count();
}

void FrameRange::append(int64_t number) {
  if (!spans_.empty()) {
    FrameSpan& last = spans_.back();
    if (last.step == 1 && number == last.last + 1) {
      last.last = number;
      ++size_;
      return;
    }
  }
  append(FrameSpan{number, number, 1});
}

int64_t FrameRange::at(int64_t position) const {
  const auto next = std::upper_bound(starts_.begin(), starts_.end(), position);
  const size_t span = static_cast<size_t>(next - starts_.begin()) - 1;
  return spans_[span].at(position - starts_[span]);
}

FrameRange parse_frame_range(std::string_view spec) {
  FrameRange range;
  std::string_view rest = spec;
  while (true) {
    const size_t comma = rest.find(',');
    const std::string_view item = trimmed(rest.substr(0, comma));
    if (item.empty()) throw frames_error(spec, "empty item (use e.g. 1001-1100, 1-100x2 or 1,5,10-20)");
    range.append(parse_item(spec, item));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return range;
}

FrameRange discover_frames(const FramePattern& pattern) {
  // Split the name around the number with path_for itself, so discovery agrees with the names read later:
  // frames 0 and 1 differ only in the number's last digit.
  const std::filesystem::path zero = pattern.path_for(0);
  const std::string name0 = zero.filename().string(), name1 = pattern.path_for(1).filename().string();
  const size_t digits = static_cast<size_t>(std::max(1, pattern.digits()));
  const size_t number_end = static_cast<size_t>(std::mismatch(name0.begin(), name0.end(), name1.begin()).first -
                                                name0.begin()) + 1;
  const std::string prefix = name0.substr(0, number_end - digits), suffix = name0.substr(number_end);
  const std::filesystem::path folder = zero.has_parent_path() ? zero.parent_path() : std::filesystem::path(".");

  std::vector<int64_t> numbers;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    std::string_view middle(name);
    middle = middle.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    const auto number = take_number(middle, true);
    if (!number || !middle.empty() || *number < -kMaxFrameNumber || *number > kMaxFrameNumber ||
        pattern.path_for(*number).filename() != name)
      continue;
    numbers.push_back(*number);
  }
  std::sort(numbers.begin(), numbers.end());
  FrameRange range;
  for (const int64_t n : numbers) range.append(n);
  return range;
}

FrameSpan covering_span(const FrameRange& found) {
  const int64_t first = found.at(0), last = found.at(found.size() - 1);
  int64_t step = 0;
  for (int64_t i = 1; i < found.size(); ++i) step = std::gcd(step, found.at(i) - first);
  return FrameSpan{first, last, std::max<int64_t>(step, 1)};
}

}  // namespace frameout
