#pragma once
// The LZW image data of a GIF frame (GIF89a appendix F): variable-width codes of 3 to 12 bits, least
// significant bit first, cut into sub-blocks of at most 255 bytes. A full 4096-entry table is kept as it is (a
// deferred clear, which GIF89a allows and decoders such as FFmpeg's and giflib follow) while the ratio of
// pixels to bits since the last clear code holds up, checked every 4096 pixels; once it drops, a clear code
// starts a new table. Pictures that repeat (slow gradients) so keep their long strings, changing ones still
// adapt.
// Pixels the viewer already shows may be written either as their index or as the transparent one, which look
// the same: a string is continued with the transparent index where the table has it, else with the pixel's
// own, and a new string starts with whichever of the two the table continues further. Still areas so become
// long transparent strings while unchanged pixels amid changed ones can join the strings of their neighbours.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace frameout {

//! Appends the table-based image data of `height` rows of `width` indices (`stride` bytes apart), every index
//! below 2^`table_bits`: the LZW minimum code size byte, the data sub-blocks and the block terminator.
//! `shown` (same layout) is non-zero where the pixel may be written as `transparent` instead.
void gif_lzw_compress(const uint8_t* indices, const uint8_t* shown, uint8_t transparent, int width, int height,
                      std::ptrdiff_t stride, int table_bits, std::vector<uint8_t>& out);

}  // namespace frameout
