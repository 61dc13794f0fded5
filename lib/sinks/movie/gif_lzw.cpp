#include "sinks/movie/gif_lzw.hpp"

#include <algorithm>
#include <array>

namespace frameout {

namespace {

constexpr int kMaxBits = 12;
constexpr int kMaxCodes = 1 << kMaxBits;
// Open-addressed dictionary of (prefix code, index) -> code; twice the codes keeps probe chains short.
constexpr uint32_t kSlots = 2 * kMaxCodes;

class LzwWriter {
 public:
  LzwWriter(int minimum, std::vector<uint8_t>& data) : minimum_(minimum), data_(data) {
    clear_ = 1 << minimum;
    reset();
    put(clear_);
  }

  void add(int prefix, uint8_t index, int& current) {
    const uint32_t key = static_cast<uint32_t>(prefix) << 8 | index;
    uint32_t slot = (key * 2654435761u) >> 19 & (kSlots - 1);
    while (keys_[slot] != 0) {
      if (keys_[slot] == key + 1) {
        current = codes_[slot];
        return;
      }
      slot = (slot + 1) & (kSlots - 1);
    }
    put(prefix);
    if (next_ < kMaxCodes) {
      keys_[slot] = key + 1;
      codes_[slot] = static_cast<uint16_t>(next_++);
    } else {  // table full: start over, the decoder does the same on the clear code
      put(clear_);
      reset();
    }
    current = index;
  }

  void finish(int prefix) {
    put(prefix);
    put(clear_ + 1);  // end of information
    if (used_ > 0) data_.push_back(static_cast<uint8_t>(bits_));
  }

 private:
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
  std::array<uint32_t, kSlots> keys_{};
  std::array<uint16_t, kSlots> codes_{};
};

}  // namespace

void gif_lzw_compress(const uint8_t* indices, int width, int height, std::ptrdiff_t stride, int table_bits,
                      std::vector<uint8_t>& out) {
  const int minimum = std::max(2, table_bits);  // GIF's smallest code size is 2 even for 2-entry tables
  std::vector<uint8_t> data;
  data.reserve(static_cast<size_t>(width) * height);
  {
    LzwWriter writer(minimum, data);
    int current = indices[0];
    for (int y = 0; y < height; ++y) {
      const uint8_t* row = indices + y * stride;
      for (int x = y == 0 ? 1 : 0; x < width; ++x) writer.add(current, row[x], current);
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
