#pragma once
// One level of CineForm's forward wavelet, the 2/6 filter pair its decoder inverts: low = a + b of each sample
// pair, high = a - b corrected by an eighth of the difference of the neighbouring pairs' sums (one-sided at the
// two ends). Results are clamped to 16 bits as the reference encoder does, so the coefficients are exactly
// libavcodec's. Rows and columns are separate passes over whole planes, each a loop the compiler vectorises.

#include <cstddef>
#include <cstdint>

namespace frameout {

//! Splits `height` rows of `width` samples (even, at least 6; `stride` samples apart) into `width / 2` low-pass
//! and `width / 2` high-pass samples a row (`low` and `high`, rows `width / 2` apart).
void cineform_split_rows(const int16_t* in, std::ptrdiff_t stride, int width, int height, int16_t* low,
                         int16_t* high);

//! Splits `height` rows (even, at least 6) of `width` samples (rows `width` apart) into `height / 2` low-pass
//! and `height / 2` high-pass rows; `quarter_low` divides the low-pass rows by 4, truncating towards zero.
void cineform_split_columns(const int16_t* in, int width, int height, int16_t* low, int16_t* high,
                            bool quarter_low);

}  // namespace frameout
