#include "media/hdr_metadata.hpp"

#include <cctype>

#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

namespace {

constexpr uint32_t kMaxCoordinate = 50000;       // 1.0 in units of 0.00002
constexpr uint32_t kMaxLuminance = 100000000;    // 10,000 nits, the top of PQ, in units of 0.0001

// Reads the notation left to right; any deviation fails the whole value.
class NotationReader {
 public:
  explicit NotationReader(std::string_view text) : text_(text) {}
  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }
  bool number(uint32_t& value) {
    const size_t start = at_;
    uint64_t v = 0;
    while (at_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[at_])) && v <= 0xFFFFFFFFu)
      v = v * 10 + static_cast<uint64_t>(text_[at_++] - '0');
    if (at_ == start || at_ - start > 10 || v > 0xFFFFFFFFu) return false;
    value = static_cast<uint32_t>(v);
    return true;
  }
  bool pair(std::string_view name, uint32_t& a, uint32_t& b) {
    return literal(name) && literal("(") && number(a) && literal(",") && number(b) && literal(")");
  }
  bool done() const { return at_ == text_.size(); }

 private:
  std::string_view text_;
  size_t at_ = 0;
};

std::string decimal(uint32_t value, uint32_t unit) {
  return fmt::format("{:g}", static_cast<double>(value) / static_cast<double>(unit));
}

}  // namespace

MasteringDisplay parse_mastering_display(std::string_view text, std::string_view flag) {
  MasteringDisplay d;
  NotationReader reader(text);
  const bool read = reader.pair("G", d.green.x, d.green.y) && reader.pair("B", d.blue.x, d.blue.y) &&
                    reader.pair("R", d.red.x, d.red.y) && reader.pair("WP", d.white.x, d.white.y) &&
                    reader.pair("L", d.max_luminance, d.min_luminance) && reader.done();
  if (!read)
    throw Error(ExitCode::Usage,
                fmt::format("--{} {}: expected G(x,y)B(x,y)R(x,y)WP(x,y)L(max,min) in whole numbers, x and y in units "
                            "of 0.00002 and the luminances in units of 0.0001 nits (x265's notation), e.g. "
                            "G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,50)",
                            flag, text));
  for (const MasteringPoint* p : {&d.green, &d.blue, &d.red, &d.white})
    if (p->x > kMaxCoordinate || p->y > kMaxCoordinate)
      throw Error(ExitCode::Usage, fmt::format("--{} {}: chromaticity coordinates go from 0 to {} (1.0 in units of "
                                               "0.00002)",
                                               flag, text, kMaxCoordinate));
  if (d.max_luminance == 0 || d.max_luminance > kMaxLuminance || d.min_luminance >= d.max_luminance)
    throw Error(ExitCode::Usage, fmt::format("--{} {}: L(max,min) needs 0 <= min < max <= {} (10,000 nits in units "
                                             "of 0.0001)",
                                             flag, text, kMaxLuminance));
  return d;
}

std::string x265_notation(const MasteringDisplay& d) {
  return fmt::format("G({},{})B({},{})R({},{})WP({},{})L({},{})", d.green.x, d.green.y, d.blue.x, d.blue.y, d.red.x,
                     d.red.y, d.white.x, d.white.y, d.max_luminance, d.min_luminance);
}

std::string svtav1_notation(const MasteringDisplay& d) {
  auto xy = [](const MasteringPoint& p) {
    return fmt::format("{},{}", decimal(p.x, kMaxCoordinate), decimal(p.y, kMaxCoordinate));
  };
  return fmt::format("G({})B({})R({})WP({})L({},{})", xy(d.green), xy(d.blue), xy(d.red), xy(d.white),
                     decimal(d.max_luminance, 10000), decimal(d.min_luminance, 10000));
}

}  // namespace frameout
