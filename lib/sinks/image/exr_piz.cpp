#include "sinks/image/exr_piz.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace frameout {

namespace {

static_assert(std::endian::native == std::endian::little, "EXR chunks are little-endian, as this code assumes");

constexpr uint32_t kValues = 1u << 16;
constexpr uint32_t kSymbols = kValues + 1;  // every 16-bit value, and the run symbol right after the largest used
constexpr int kMaxCodeLength = 58;          // the table stores lengths in 6 bits; 59..63 mark unused symbols
constexpr uint32_t kShortZeroRun = 59;      // 59..62: 2..5 unused symbols
constexpr uint32_t kLongZeroRun = 63;       // 63 and 8 bits: 6..261 unused symbols
constexpr uint32_t kShortestLongRun = 6;
constexpr uint32_t kLongestLongRun = 255 + kShortestLongRun;
constexpr int kMaxRepeat = 255;             // a run code repeats the previous value up to 255 more times
constexpr size_t kHuffmanHeader = 20;       // first symbol, run symbol, table bytes, data bits, 0

int code_length(uint64_t code) { return static_cast<int>(code & 63); }

void put_u16(uint8_t*& out, uint16_t value) {
  std::memcpy(out, &value, 2);
  out += 2;
}

void put_u32(uint8_t*& out, uint32_t value) {
  std::memcpy(out, &value, 4);
  out += 4;
}

// Bits most significant first, as OpenEXR's Huffman decoder reads them; whole 32-bit words are stored at once.
class BitWriter {
 public:
  explicit BitWriter(uint8_t* out) : start_(out), out_(out) {}

  void put(int length, uint64_t bits) {
    if (length > 32) {
      put_word(length - 32, bits >> 32);
      length = 32;
      bits &= 0xffffffffu;
    }
    put_word(length, bits);
  }

  //! Pads the last byte with zeros; returns the number of bits put.
  uint64_t finish() {
    const uint64_t bits = static_cast<uint64_t>(out_ - start_) * 8 + static_cast<uint64_t>(fill_);
    while (fill_ >= 8) {
      fill_ -= 8;
      *out_++ = static_cast<uint8_t>(acc_ >> fill_);
    }
    if (fill_ > 0) *out_++ = static_cast<uint8_t>(acc_ << (8 - fill_));
    fill_ = 0;
    return bits;
  }

  uint8_t* end() const { return out_; }

 private:
  void put_word(int length, uint64_t bits) {
    acc_ = (acc_ << length) | bits;
    fill_ += length;
    if (fill_ >= 32) {
      fill_ -= 32;
      const uint32_t word = __builtin_bswap32(static_cast<uint32_t>(acc_ >> fill_));
      std::memcpy(out_, &word, 4);
      out_ += 4;
    }
  }

  uint8_t* start_;
  uint8_t* out_;
  uint64_t acc_ = 0;  // the last `fill_` bits are not written yet
  int fill_ = 0;
};

// One level of the Haar wavelet on a pair, in place: (a, b) becomes (mean, difference). Values below 2^14
// use plain arithmetic; wider ones wrap modulo 2^16, as the decoder's matching inverse expects.
struct Haar14 {
  void operator()(uint16_t& a, uint16_t& b) const {
    const int as = static_cast<int16_t>(a);
    const int bs = static_cast<int16_t>(b);
    a = static_cast<uint16_t>(static_cast<int16_t>((as + bs) >> 1));
    b = static_cast<uint16_t>(static_cast<int16_t>(as - bs));
  }
};

struct Haar16 {
  void operator()(uint16_t& a, uint16_t& b) const {
    const int ao = (a + 0x8000) & 0xffff;
    int m = (ao + b) >> 1;
    const int d = ao - b;
    if (d < 0) m = (m + 0x8000) & 0xffff;
    a = static_cast<uint16_t>(m);
    b = static_cast<uint16_t>(d & 0xffff);
  }
};

// The 2D wavelet over an nx × ny grid whose neighbours are `ox` words apart across and `oy` down, level by
// level on 2×2 blocks, with the odd last column and line of each level done in 1D.
template <class Pair>
void wavelet_encode(uint16_t* in, int nx, int ox, int ny, int oy, Pair pair) {
  const int n = std::min(nx, ny);
  for (int p = 1, p2 = 2; p2 <= n; p = p2, p2 <<= 1) {
    const int across = ox * p;
    const int down = oy * p;
    int y = 0;
    for (; y <= ny - p2; y += p2) {
      uint16_t* row = in + static_cast<ptrdiff_t>(y) * oy;
      int x = 0;
      for (; x <= nx - p2; x += p2) {
        uint16_t* q = row + static_cast<ptrdiff_t>(x) * ox;
        pair(q[0], q[across]);
        pair(q[down], q[down + across]);
        pair(q[0], q[down]);
        pair(q[across], q[down + across]);
      }
      if (nx & p) {
        uint16_t* q = row + static_cast<ptrdiff_t>(x) * ox;
        pair(q[0], q[down]);
      }
    }
    if (ny & p) {
      uint16_t* row = in + static_cast<ptrdiff_t>(y) * oy;
      for (int x = 0; x <= nx - p2; x += p2) {
        uint16_t* q = row + static_cast<ptrdiff_t>(x) * ox;
        pair(q[0], q[across]);
      }
    }
  }
}

// Sorts (count << 32 | symbol) entries by count, least first: LSD radix on 11-bit digits, as many as the
// largest count needs.
void sort_by_count(std::vector<uint64_t>& items, std::vector<uint64_t>& scratch, uint32_t largest) {
  constexpr int kDigit = 11;
  scratch.resize(items.size());
  for (int shift = 0; shift < 32 && (largest >> shift) != 0; shift += kDigit) {
    std::array<uint32_t, (1u << kDigit) + 1> start{};
    for (const uint64_t item : items) ++start[((item >> (32 + shift)) & ((1u << kDigit) - 1)) + 1];
    for (size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
    for (const uint64_t item : items) scratch[start[(item >> (32 + shift)) & ((1u << kDigit) - 1)]++] = item;
    items.swap(scratch);
  }
}

// Minimum-redundancy code lengths in place (Moffat and Katajainen, "In-place calculation of
// minimum-redundancy codes", 1995): w holds n >= 2 weights in increasing order; on return w[i] is the code
// length of the i-th lightest symbol. Linear time: the first pass pairs the two lightest of the leaves and
// the internal nodes made so far (both queues stay sorted), the second turns parent links into depths, the
// third hands those depths to the leaves.
void code_lengths(uint64_t* w, ptrdiff_t n) {
  w[0] += w[1];
  ptrdiff_t root = 0;
  ptrdiff_t leaf = 2;
  for (ptrdiff_t next = 1; next < n - 1; ++next) {
    if (leaf >= n || w[root] < w[leaf]) {
      w[next] = w[root];
      w[root++] = static_cast<uint64_t>(next);
    } else {
      w[next] = w[leaf++];
    }
    if (leaf >= n || (root < next && w[root] < w[leaf])) {
      w[next] += w[root];
      w[root++] = static_cast<uint64_t>(next);
    } else {
      w[next] += w[leaf++];
    }
  }
  w[n - 2] = 0;
  for (ptrdiff_t next = n - 3; next >= 0; --next) w[next] = w[w[next]] + 1;
  ptrdiff_t available = 1;
  ptrdiff_t used = 0;
  uint64_t depth = 0;
  root = n - 2;
  ptrdiff_t next = n - 1;
  while (available > 0) {
    while (root >= 0 && w[root] == depth) {
      ++used;
      --root;
    }
    while (available > used) {
      w[next--] = depth;
      --available;
    }
    available = 2 * used;
    ++depth;
    used = 0;
  }
}

// The code length of each symbol first..last, runs of unused symbols shortened.
void pack_code_lengths(BitWriter& table, const std::vector<uint64_t>& codes, uint32_t first, uint32_t last) {
  for (uint32_t s = first; s <= last; ++s) {
    const int length = code_length(codes[s]);
    if (length == 0) {
      uint32_t unused = 1;
      while (s < last && unused < kLongestLongRun && codes[s + 1] == 0) {
        ++s;
        ++unused;
      }
      if (unused >= kShortestLongRun) {
        table.put(6, kLongZeroRun);
        table.put(8, unused - kShortestLongRun);
        continue;
      }
      if (unused >= 2) {
        table.put(6, kShortZeroRun + unused - 2);
        continue;
      }
    }
    table.put(6, static_cast<uint64_t>(length));
  }
}

// The words' codes; a run of one value costs its code, the run code and 8 bits of count, when that is
// shorter than repeating the value's code.
void encode_words(BitWriter& bits, const std::vector<uint16_t>& words, const std::vector<uint64_t>& codes,
                  uint32_t run_symbol) {
  const uint64_t run_code = codes[run_symbol];
  auto send = [&](uint16_t value, int repeats) {
    const uint64_t code = codes[value];
    const int length = code_length(code);
    if (length + code_length(run_code) + 8 < length * repeats) {
      bits.put(length, code >> 6);
      bits.put(code_length(run_code), run_code >> 6);
      bits.put(8, static_cast<uint64_t>(repeats));
    } else {
      for (int k = 0; k <= repeats; ++k) bits.put(length, code >> 6);
    }
  };
  uint16_t value = words[0];
  int repeats = 0;
  for (size_t i = 1; i < words.size(); ++i) {
    if (words[i] == value && repeats < kMaxRepeat) {
      ++repeats;
    } else {
      send(value, repeats);
      repeats = 0;
      value = words[i];
    }
  }
  send(value, repeats);
}

}  // namespace

std::span<const uint8_t> PizEncoder::compress(std::span<const uint8_t> packed, int lines,
                                              std::span<const PizChannel> channels) {
  size_t expected = 0;
  for (const auto& c : channels) expected += static_cast<size_t>(c.width) * static_cast<size_t>(c.words);
  expected *= static_cast<size_t>(lines);
  if (packed.size() % 2 != 0 || expected != packed.size() / 2)
    throw std::invalid_argument("PIZ: the chunk's size does not match its channels");
  if (expected == 0 || expected >= UINT32_MAX) return {};  // counts are 32-bit in the stream

  gather_channels(packed, lines, channels);
  const ValueMap values = map_values();
  for (size_t plane = 0; const auto& c : channels) {
    const int line_words = c.width * c.words;
    for (int j = 0; j < c.words; ++j) {
      if (values.max_value < (1 << 14))
        wavelet_encode(words_.data() + plane + j, c.width, c.words, lines, line_words, Haar14{});
      else
        wavelet_encode(words_.data() + plane + j, c.width, c.words, lines, line_words, Haar16{});
    }
    plane += static_cast<size_t>(line_words) * static_cast<size_t>(lines);
  }
  const auto symbols = build_codes();
  if (!symbols) return {};

  // The stream: bitmap range, bitmap, Huffman length, Huffman header, packed code lengths, codes.
  out_.resize(4 + values.bitmap.size() + 4 + kHuffmanHeader + (symbols->last - symbols->first + 1) * 2 + 8 +
              symbols->data_bits / 8 + 8);
  uint8_t* out = out_.data();
  put_u16(out, values.first_byte);
  put_u16(out, values.last_byte);
  if (values.first_byte <= values.last_byte) {
    const size_t bytes = values.last_byte - values.first_byte + 1u;
    std::memcpy(out, values.bitmap.data() + values.first_byte, bytes);
    out += bytes;
  }
  uint8_t* huffman = out + 4;
  BitWriter table(huffman + kHuffmanHeader);
  pack_code_lengths(table, codes_, symbols->first, symbols->last);
  table.finish();
  BitWriter data(table.end());
  encode_words(data, words_, codes_, symbols->last);
  const uint64_t data_bits = data.finish();

  put_u32(out, static_cast<uint32_t>(data.end() - huffman));
  put_u32(out, symbols->first);
  put_u32(out, symbols->last);
  put_u32(out, static_cast<uint32_t>(table.end() - (huffman + kHuffmanHeader)));
  put_u32(out, static_cast<uint32_t>(data_bits));
  put_u32(out, 0);

  const size_t size = static_cast<size_t>(data.end() - out_.data());
  if (size >= packed.size()) return {};
  return {out_.data(), size};
}

void PizEncoder::gather_channels(std::span<const uint8_t> packed, int lines, std::span<const PizChannel> channels) {
  words_.resize(packed.size() / 2);
  const size_t packed_line = packed.size() / static_cast<size_t>(lines);
  size_t plane = 0;
  size_t offset = 0;
  for (const auto& c : channels) {
    const size_t line_bytes = static_cast<size_t>(c.width) * static_cast<size_t>(c.words) * 2;
    for (int y = 0; y < lines; ++y)
      std::memcpy(words_.data() + plane + static_cast<size_t>(y) * line_bytes / 2,
                  packed.data() + static_cast<size_t>(y) * packed_line + offset, line_bytes);
    plane += line_bytes / 2 * static_cast<size_t>(lines);
    offset += line_bytes;
  }
}

PizEncoder::ValueMap PizEncoder::map_values() {
  // Zero is always taken as present and never stored in the bitmap.
  present_.assign(kValues, 0);
  for (const uint16_t w : words_) present_[w] = 1;
  present_[0] = 0;
  ValueMap values;
  for (uint32_t b = 0; b < kBitmapBytes; ++b) {
    uint8_t byte = 0;
    for (uint32_t bit = 0; bit < 8; ++bit) byte |= static_cast<uint8_t>(present_[b * 8 + bit] << bit);
    values.bitmap[b] = byte;
    if (byte != 0) {
      values.first_byte = std::min(values.first_byte, static_cast<uint16_t>(b));
      values.last_byte = static_cast<uint16_t>(b);
    }
  }
  map_.resize(kValues);
  uint32_t next_index = 0;
  map_[0] = static_cast<uint16_t>(next_index++);
  for (uint32_t v = 1; v < kValues; ++v) map_[v] = present_[v] ? static_cast<uint16_t>(next_index++) : 0;
  values.max_value = static_cast<uint16_t>(next_index - 1);
  for (uint16_t& w : words_) w = map_[w];
  return values;
}

std::optional<PizEncoder::Symbols> PizEncoder::build_codes() {
  // Every value used, then the run symbol (counted once) right after the largest.
  counts_.assign(kSymbols, 0);
  for (const uint16_t w : words_) ++counts_[w];
  Symbols symbols;
  while (counts_[symbols.first] == 0) ++symbols.first;
  symbols.last = kValues - 1;
  while (counts_[symbols.last] == 0) --symbols.last;
  ++symbols.last;
  counts_[symbols.last] = 1;

  sorted_.clear();
  uint32_t largest = 0;
  for (uint32_t s = symbols.first; s <= symbols.last; ++s) {
    if (counts_[s] == 0) continue;
    sorted_.push_back(static_cast<uint64_t>(counts_[s]) << 32 | s);
    largest = std::max(largest, counts_[s]);
  }
  sort_by_count(sorted_, scratch_, largest);
  scratch_.resize(sorted_.size());
  for (size_t i = 0; i < sorted_.size(); ++i) scratch_[i] = sorted_[i] >> 32;
  code_lengths(scratch_.data(), static_cast<ptrdiff_t>(scratch_.size()));

  // Canonical codes, as the decoder rebuilds them from the lengths alone: longer codes take the numerically
  // lower values, and codes of one length rise with the symbol.
  codes_.assign(kSymbols, 0);
  std::array<uint64_t, kMaxCodeLength + 1> first_code{};
  for (size_t i = 0; i < sorted_.size(); ++i) {
    const uint64_t length = scratch_[i];
    if (length > kMaxCodeLength) return std::nullopt;  // takes billions of values; never in a real chunk
    const uint32_t symbol = static_cast<uint32_t>(sorted_[i]);
    codes_[symbol] = length;
    ++first_code[length];
    symbols.data_bits += length * counts_[symbol];
  }
  if (symbols.data_bits >= UINT32_MAX) return std::nullopt;  // the stream counts its bits in 32 bits
  for (uint64_t code = 0, length = kMaxCodeLength; length > 0; --length) {
    const uint64_t next = (code + first_code[length]) >> 1;
    first_code[length] = code;
    code = next;
  }
  for (uint32_t s = symbols.first; s <= symbols.last; ++s)
    if (codes_[s] != 0) codes_[s] |= first_code[codes_[s]]++ << 6;
  return symbols;
}

}  // namespace frameout
