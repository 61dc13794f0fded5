#pragma once
// Decodes the pixels of a scan-line EXR through OpenEXR's core library (OpenEXRCore) straight into an
// interleaved frame. The C++ InputFile copies every sample through a byte-wise Xdr reader, which cost a
// float sequence more CPU than the conversion to the output colour space; the core library's unpackers move
// whole lines. Tiled images, multi-part files and channels stored in another type than the frame's are left
// to InputFile.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace frameout {

//! Where decoded samples go: the frame's pixels for the data window, one line after another.
struct ExrDecodeTarget {
  unsigned char* pixels = nullptr;  //!< the sample of the data window's top-left pixel, first channel
  size_t pixel_bytes = 0;           //!< bytes from one pixel to the next
  size_t line_bytes = 0;            //!< bytes from one line to the next
  size_t sample_bytes = 0;          //!< 2 (half) or 4 (float): every channel is read in this size
};

//! Decodes the channels `names` (full names; frame channel i at byte i × sample_bytes of each pixel; a name the
//! file lacks is left untouched) of part 0 of `path` into `target`. Returns false, having written nothing, when
//! the file is not one this path reads (tiled, several parts, a channel stored at another size); throws
//! Error(Input) naming the file when decoding fails.
bool decode_exr_scanlines(const std::filesystem::path& path, const std::vector<std::string>& names,
                          const ExrDecodeTarget& target);

}  // namespace frameout
