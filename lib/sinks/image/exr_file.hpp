#pragma once
// Writing one scanline EXR file from a description of its channels and header, through OpenEXR's C++ library.
// PIZ files go through OpenEXRCore instead, whose encode pipeline lets frameout's own PIZ coder (exr_piz.hpp)
// replace the library's. Core 3.1 is not used for the rest: it has no DWA encoder, and some of the ZIP chunks it
// writes read back wrong (seen on float noise, in the tests' RGB float frames); the C++ library's do not.

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace frameout {

//! The compressions of the EXR format, numbered as the file (and both OpenEXR APIs) number them.
enum class ExrCompression { None, Rle, Zips, Zip, Piz, Pxr24, B44, B44a, Dwaa, Dwab };

//! One stored channel and where its samples are in memory.
struct ExrChannel {
  std::string name;             //!< unique within the file
  const uint8_t* base = nullptr;  //!< the first sample (top-left), little-endian half or float
  int pixel_bytes = 0;          //!< from one sample to the next across
  int line_bytes = 0;           //!< from one line to the next
};

//! What one EXR file holds.
struct ExrImage {
  int width = 0;                                  //!< pixels; data window = display window
  int height = 0;                                 //!< lines
  bool is_float = false;                          //!< FLOAT samples, otherwise HALF
  ExrCompression compression = ExrCompression::Zip;  //!< for every chunk
  std::vector<ExrChannel> channels;               //!< in any order; the file stores them by name
  std::optional<std::array<float, 8>> chromaticities;  //!< red, green, blue and white x,y; none: untagged
  std::optional<float> white_luminance;           //!< nits of RGB 1,1,1 (whiteLuminance), for linear spaces
  //! Extra header attributes, keys unique: int or float when the value parses as one, otherwise string.
  std::vector<std::pair<std::string, std::string>> attributes;
};

//! Writes `image` to `path` (created or replaced); throws Error(Output) naming the path on failure.
void write_exr_file(const std::filesystem::path& path, const ExrImage& image);

}  // namespace frameout
