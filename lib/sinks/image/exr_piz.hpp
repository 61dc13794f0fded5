#pragma once
// EXR PIZ compression, frameout's own: the stream OpenEXR's decoder reads (a map onto the values present, a 2D
// Haar wavelet, Huffman codes with run lengths), built faster. OpenEXR 3.1 spends 40 % of a float PIZ write
// sifting a heap of up to 65,537 pointers while it builds each chunk's Huffman table; here code lengths come
// from a radix sort and a linear-time minimum-redundancy pass, so a chunk costs about what its coding costs.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace frameout {

//! One channel of a scanline chunk as PIZ sees it.
struct PizChannel {
  int width = 0;  //!< samples per line
  int words = 1;  //!< 16-bit words per sample: 1 for HALF, 2 for FLOAT and UINT
};

//! Compresses scanline chunks; keeps its working memory from one chunk to the next (one encoder per thread).
class PizEncoder {
 public:
  //! The PIZ stream for a chunk of `lines` lines: `packed` holds the lines in order, each with every channel's
  //! samples (channels in file order, little-endian), as an uncompressed EXR chunk stores them. Empty when
  //! the stream would not be smaller than `packed`: the chunk is then stored as it is, as OpenEXR does.
  std::span<const uint8_t> compress(std::span<const uint8_t> packed, int lines, std::span<const PizChannel> channels);

 private:
  static constexpr uint16_t kBitmapBytes = 8192;  // a bit for each 16-bit value

  // The values present in a chunk, as the stream's bitmap holds them.
  struct ValueMap {
    std::array<uint8_t, kBitmapBytes> bitmap{};  // bit v: value v present (value 0 never marked)
    uint16_t first_byte = kBitmapBytes - 1;      // the first and last non-zero bytes (first > last: none)
    uint16_t last_byte = 0;
    uint16_t max_value = 0;              // the largest index a value was mapped to
  };
  // The Huffman symbols of a chunk.
  struct Symbols {
    uint32_t first = 0;      // the smallest word used
    uint32_t last = 0;       // the run symbol, right after the largest word used
    uint64_t data_bits = 0;  // the coded words' size without run codes, an upper bound
  };

  // Copies the packed chunk into words_ channel by channel.
  void gather_channels(std::span<const uint8_t> packed, int lines, std::span<const PizChannel> channels);
  // Replaces each word by its index among the values present.
  ValueMap map_values();
  // Canonical Huffman codes for words_ into codes_; none when a code would be longer than the format allows.
  std::optional<Symbols> build_codes();

  std::vector<uint16_t> words_;    // the chunk channel by channel, then mapped and transformed in place
  std::vector<uint8_t> present_;   // per 16-bit value: 1 when the chunk holds it
  std::vector<uint16_t> map_;      // per 16-bit value: its index among the values present
  std::vector<uint32_t> counts_;   // per symbol: occurrences
  std::vector<uint64_t> sorted_;   // symbols with their counts, lightest first; then their code lengths
  std::vector<uint64_t> scratch_;  // the radix sort's second buffer
  std::vector<uint64_t> codes_;    // per symbol: code << 6 | length
  std::vector<uint8_t> out_;       // the stream
};

}  // namespace frameout
