#pragma once
// A bit writer for codes written most significant bit first (CineForm's bands): bits gather in a 64-bit word
// and leave it 32 at a time as big-endian bytes, so a code costs a shift, an or and, every few codes, a store.

#include <cstdint>
#include <cstring>

namespace frameout {

//! Writes codes most significant bit first into memory the caller sized for them (plus 4 bytes).
class MsbBitWriter {
 public:
  //! Writes from `out` on.
  explicit MsbBitWriter(uint8_t* out) : out_(out) {}

  //! Appends the `length` (0..32) low bits of `bits`; the bits above them must be zero.
  void put(uint32_t bits, uint32_t length) {
    pending_ = pending_ << length | bits;
    count_ += length;
    if (count_ >= 32) {
      count_ -= 32;
      const uint32_t word = __builtin_bswap32(static_cast<uint32_t>(pending_ >> count_));
      std::memcpy(out_, &word, 4);
      out_ += 4;
    }
  }

  //! Appends the `length` (0..64) low bits of `bits`; the bits above them must be zero.
  void put_long(uint64_t bits, uint32_t length) {
    if (length > 32) {
      put(static_cast<uint32_t>(bits >> 32), length - 32);
      length = 32;
    }
    put(static_cast<uint32_t>(bits), length);
  }

  //! Pads the last byte with zero bits and returns the end of what was written.
  uint8_t* finish() {
    for (; count_ >= 8; count_ -= 8) *out_++ = static_cast<uint8_t>(pending_ >> (count_ - 8));
    if (count_ > 0) *out_++ = static_cast<uint8_t>(pending_ << (8 - count_));
    count_ = 0;
    return out_;
  }

 private:
  uint8_t* out_;
  uint64_t pending_ = 0;  // the last `count_` bits are not written yet
  uint32_t count_ = 0;
};

}  // namespace frameout
