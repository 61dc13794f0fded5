#pragma once
// A bit writer for codes written most significant bit first (CineForm's bands): bits gather in a 64-bit word
// that is stored whole after every code, the output moving on by the whole bytes in it; no branch on how full
// it is.

#include <cstdint>
#include <cstring>

namespace frameout {

//! Writes codes most significant bit first into memory the caller sized for them (plus 8 bytes).
class MsbBitWriter {
 public:
  //! Writes from `out` on.
  explicit MsbBitWriter(uint8_t* out) : out_(out) {}

  //! Appends the `length` (0..56) low bits of `bits`; the bits above them must be zero.
  void put(uint64_t bits, uint32_t length) {
    pending_ = pending_ << length | bits;
    count_ += length;
    // The pending bits, left-aligned, stored big-endian; the last byte's free bits are zero.
    const uint64_t word = __builtin_bswap64(pending_ << 1 << (63 - count_));
    std::memcpy(out_, &word, 8);
    out_ += count_ / 8;
    count_ %= 8;
  }

  //! Appends the `length` (0..64) low bits of `bits`; the bits above them must be zero.
  void put_long(uint64_t bits, uint32_t length) {
    if (length > 32) {
      put(bits >> 32, length - 32);
      length = 32;
    }
    put(bits & 0xFFFFFFFF, length);
  }

  //! Returns the end of what was written (the last byte padded with zero bits).
  uint8_t* finish() {
    out_ += (count_ + 7) / 8;
    count_ = 0;
    return out_;
  }

 private:
  uint8_t* out_;
  uint64_t pending_ = 0;  // its last `count_` (< 8) bits are not whole bytes yet
  uint32_t count_ = 0;
};

}  // namespace frameout
