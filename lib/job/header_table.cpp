#include "job/header_table.hpp"

#include <fstream>

#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// A value may be quoted (CSV style) to hold commas; doubled quotes inside stand for one quote.
std::string unquoted(const std::string& text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return text;
  std::string out;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    out += text[i];
    if (text[i] == '"' && text[i + 1] == '"') ++i;
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> read_header_table(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw Error(ExitCode::Usage, fmt::format("cannot open the header table \"{}\" (--headerdat)", path.string()));
  std::vector<std::pair<std::string, std::string>> rows;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string text = trimmed(line);
    if (text.empty() || text.front() == '#') continue;
    // Tabs separate columns when present (values may then hold commas); otherwise the first comma does.
    const auto split = text.find('\t') != std::string::npos ? text.find('\t') : text.find(',');
    const std::string key = split == std::string::npos ? text : unquoted(trimmed(text.substr(0, split)));
    const std::string value = split == std::string::npos ? "" : unquoted(trimmed(text.substr(split + 1)));
    if (split == std::string::npos || key.empty())
      throw Error(ExitCode::Usage, fmt::format("header table \"{}\" (--headerdat) line {}: expected a key and a value "
                                               "separated by a tab or a comma",
                                               path.string(), number));
    rows.emplace_back(key, value);
  }
  return rows;
}

}  // namespace frameout
