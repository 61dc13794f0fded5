#include "sinks/movie/gif_lzw.hpp"

#include <algorithm>
#include <array>

namespace frameout {

namespace {

constexpr int kMaxBits = 12;
constexpr int kMaxCodes = 1 << kMaxBits;
// Open-addressed dictionary of (prefix code, index) -> code; twice the codes keeps probe chains short.
constexpr uint32_t kSlots = 2 * kMaxCodes;
// Pixels between checks of a full table's compression.
constexpr size_t kCheckPixels = 4096;

class LzwWriter {
 public:
  LzwWriter(int minimum, std::vector<uint8_t>& data) : minimum_(minimum), data_(data) {
    clear_ = 1 << minimum;
    reset();
    put(clear_);
  }

  //! The code of the string `prefix` followed by `index`, or -1 when the table does not hold it.
  int find(int prefix, uint8_t index) const {
    const uint32_t key = static_cast<uint32_t>(prefix) << 8 | index;
    for (uint32_t slot = hash(key); keys_[slot] != 0; slot = (slot + 1) & (kSlots - 1))
      if (keys_[slot] == key + 1) return codes_[slot];
    return -1;
  }

  //! Writes `prefix` (a string that `index` does not continue) and adds prefix + index to the table;
  //! `position` counts the pixels coded so far, the prefix included.
  void end_string(int prefix, uint8_t index, size_t position) {
    put(prefix);
    if (next_ < kMaxCodes) {
      const uint32_t key = static_cast<uint32_t>(prefix) << 8 | index;
      uint32_t slot = hash(key);
      while (keys_[slot] != 0) slot = (slot + 1) & (kSlots - 1);
      keys_[slot] = key + 1;
      codes_[slot] = static_cast<uint16_t>(next_++);
      return;
    }
    // The table is full and stays as it is (the decoder adds nothing either) while it compresses at least as
    // well as at the last check; once it does worse it is cleared and built anew.
    if (position < next_check_) return;
    const uint64_t pixels = position - cleared_at_, bits = written_ - cleared_bits_;
    next_check_ = position + kCheckPixels;
    if (pixels * checked_bits_ >= checked_pixels_ * bits) {
      checked_pixels_ = pixels, checked_bits_ = bits;
      return;
    }
    put(clear_);
    reset();
    cleared_at_ = position, cleared_bits_ = written_;
    checked_pixels_ = 0, checked_bits_ = 1;
  }

  void finish(int prefix) {
    put(prefix);
    put(clear_ + 1);  // end of information
    if (used_ > 0) data_.push_back(static_cast<uint8_t>(bits_));
  }

 private:
  static uint32_t hash(uint32_t key) { return (key * 2654435761u) >> 19 & (kSlots - 1); }

  void reset() {
    keys_.fill(0);
    next_ = clear_ + 2;
    width_ = minimum_ + 1;
  }

  // Writes `code` at the current width; the width grows once the next code to be assigned needs another bit
  // (the decoder, one code behind, grows at the same point of the stream).
  void put(int code) {
    bits_ |= static_cast<uint32_t>(code) << used_;
    used_ += width_;
    written_ += static_cast<uint64_t>(width_);
    while (used_ >= 8) {
      data_.push_back(static_cast<uint8_t>(bits_));
      bits_ >>= 8;
      used_ -= 8;
    }
    if (next_ >= (1 << width_) && width_ < kMaxBits) ++width_;
  }

  int minimum_;
  std::vector<uint8_t>& data_;
  int clear_ = 0, next_ = 0, width_ = 0;
  uint32_t bits_ = 0;
  int used_ = 0;
  uint64_t written_ = 0;  // bits put
  size_t cleared_at_ = 0;  // the pixel position and bits put at the last clear
  uint64_t cleared_bits_ = 0;
  size_t next_check_ = 0;  // when the full table's compression is next checked
  uint64_t checked_pixels_ = 0, checked_bits_ = 1;  // pixels and bits from the last clear to the last check
  std::array<uint32_t, kSlots> keys_{};
  std::array<uint16_t, kSlots> codes_{};
};

// Pixels in coding order, with what else each may be written as (itself when nothing else).
struct Symbol {
  uint8_t index, other;
};

// The code of the string `code` continued by `s` (by its other value where the table has that, else by its
// own), or -1 when the table holds neither.
int extend(const LzwWriter& writer, int code, Symbol s) {
  const int other = writer.find(code, s.other);
  return other >= 0 || s.other == s.index ? other : writer.find(code, s.index);
}

// How many symbols from `at` on the string that starts with `first` matches in the table.
size_t match_length(const LzwWriter& writer, const std::vector<Symbol>& symbols, size_t at, uint8_t first) {
  size_t end = at + 1;
  for (int code = first; end < symbols.size() && (code = extend(writer, code, symbols[end])) >= 0;) ++end;
  return end - at;
}

}  // namespace

void gif_lzw_compress(const uint8_t* indices, const uint8_t* shown, uint8_t transparent, int width, int height,
                      std::ptrdiff_t stride, int table_bits, std::vector<uint8_t>& out) {
  const int minimum = std::max(2, table_bits);  // GIF's smallest code size is 2 even for 2-entry tables
  std::vector<Symbol> symbols;
  symbols.reserve(static_cast<size_t>(width) * static_cast<size_t>(height));
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const uint8_t index = indices[y * stride + x];
      symbols.push_back({index, shown[y * stride + x] != 0 ? transparent : index});
    }
  std::vector<uint8_t> data;
  data.reserve(symbols.size());
  {
    LzwWriter writer(minimum, data);
    // Each string starts with whichever of its pixel's two values gives the longer match.
    auto start = [&](size_t at) {
      const Symbol s = symbols[at];
      if (s.other == s.index) return s.index;
      return match_length(writer, symbols, at, s.index) > match_length(writer, symbols, at, s.other) ? s.index : s.other;
    };
    int current = start(0);
    for (size_t at = 1; at < symbols.size(); ++at) {
      const int code = extend(writer, current, symbols[at]);
      if (code >= 0) {
        current = code;
        continue;
      }
      const uint8_t first = start(at);
      writer.end_string(current, first, at);
      current = first;
    }
    writer.finish(current);
  }
  out.push_back(static_cast<uint8_t>(minimum));
  for (size_t at = 0; at < data.size(); at += 255) {
    const size_t n = std::min<size_t>(255, data.size() - at);
    out.push_back(static_cast<uint8_t>(n));
    out.insert(out.end(), data.begin() + static_cast<std::ptrdiff_t>(at), data.begin() + static_cast<std::ptrdiff_t>(at + n));
  }
  out.push_back(0);
}

}  // namespace frameout
