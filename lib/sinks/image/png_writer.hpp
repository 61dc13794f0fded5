#pragma once
// PNG stills through libpng.

#include "sinks/image/image_writer.hpp"

namespace frameout {

//! Writes .png: 8-bit for 8-bit input, 16-bit for anything deeper; grey, grey+alpha, RGB or RGBA.
//! Reads options.compression (zlib level "0".."9", default 1 = run-length matching only, 2..9 passed to zlib as they are; 0 stores the rows
//! unfiltered) and options.colour (cICP, sRGB, cHRM and gAMA where each is exact; mDCv and cLLi from its hdr).
class PngWriter final : public ImageWriter {
 public:
  std::string_view token() const override { return "png"; }
  PixelFormat stored_format(const PixelFormat& requested) const override;
  void write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions& options) const override;
};

}  // namespace frameout
