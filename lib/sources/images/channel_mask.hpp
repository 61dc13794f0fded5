#pragma once
// Internal to BMP and DDS reading: a channel described by a bit mask within a little-endian pixel word.

#include <bit>
#include <cstdint>

namespace frameout {

//! One channel's bits in a pixel word, widened or narrowed to 8 bits on extraction.
class ChannelMask {
 public:
  //! `mask` selects the channel's bits; 0 means the channel is absent (reads as 0).
  explicit ChannelMask(uint32_t mask)
      : mask_(mask), shift_(mask ? std::countr_zero(mask) : 0), bits_(std::popcount(mask)) {}

  //! Whether the mask is one contiguous run of bits (or empty), the only kind the formats allow.
  bool valid() const { return mask_ == 0 || ((mask_ >> shift_) & ((mask_ >> shift_) + 1)) == 0; }

  //! The channel of `pixel` as an 8-bit value: the top 8 bits of wide fields, short fields scaled to 0..255.
  uint8_t to_u8(uint32_t pixel) const {
    if (bits_ == 0) return 0;
    const uint32_t v = (pixel & mask_) >> shift_;
    if (bits_ >= 8) return static_cast<uint8_t>(v >> (bits_ - 8));
    const uint32_t max = (1u << bits_) - 1;
    return static_cast<uint8_t>((v * 255 + max / 2) / max);
  }

 private:
  uint32_t mask_;
  int shift_;
  int bits_;
};

//! A little-endian 32-bit value at `p`.
inline uint32_t load_le32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

}  // namespace frameout
