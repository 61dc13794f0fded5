#pragma once
// The LZW image data of a GIF frame (GIF89a appendix F): variable-width codes of 3 to 12 bits, least
// significant bit first, a clear code whenever the 4096-entry table is full, cut into sub-blocks of at most
// 255 bytes.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace frameout {

//! Appends the table-based image data of `height` rows of `width` indices (`stride` bytes apart), every index
//! below 2^`table_bits`: the LZW minimum code size byte, the data sub-blocks and the block terminator.
void gif_lzw_compress(const uint8_t* indices, int width, int height, std::ptrdiff_t stride, int table_bits,
                      std::vector<uint8_t>& out);

}  // namespace frameout
