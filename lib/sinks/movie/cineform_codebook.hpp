#pragma once
// The code words of CineForm's band coding (the format's "table 18" codebook): each non-zero quantised
// coefficient is companded to one of 255 levels and written as that level's code word and a sign bit; runs of
// zeros have code words of their own; a band ends with the band-end code word.

#include <array>
#include <cstdint>

namespace frameout {

//! A code word: its `length` low bits of `bits`, written most significant bit first.
struct CineformCode {
  uint32_t bits;
  uint32_t length;
};

//! The code words of a run of zeros, back to back (up to 64 bits).
struct CineformRunCode {
  uint64_t bits;
  uint32_t length;
};

//! The largest quantised magnitude a band holds; larger ones are clamped to it.
inline constexpr int kCineformMaxMagnitude = 1023;

//! The shortest run with a code word of its own; a shorter run is that many one-zero words (single 0 bits).
inline constexpr int kCineformShortestRunWord = 12;

//! The longest run one code word covers.
inline constexpr int kCineformLongestRun = 320;

//! The code word of a run of kCineformLongestRun zeros.
inline constexpr CineformCode kCineformLongestRunCode{0x1BA5, 13};

//! The code word that ends every band.
inline constexpr CineformCode kCineformBandEnd{0x3114BA3, 26};

//! The companded level (0..255) of a quantised magnitude 0..kCineformMaxMagnitude; the decoder expands level
//! l to l + 768 l³ / 255³.
int cineform_level(int magnitude);

//! The code of a coefficient by quantised magnitude (index 1..kCineformMaxMagnitude): its level's code word
//! followed by a zero sign bit, which a negative coefficient sets (bits | 1).
const std::array<CineformCode, kCineformMaxMagnitude + 1>& cineform_coefficient_codes();

//! The codes of a run of 0..kCineformLongestRun - 1 zeros (index: the run; none for 0), longest words first.
const std::array<CineformRunCode, kCineformLongestRun>& cineform_run_codes();

}  // namespace frameout
