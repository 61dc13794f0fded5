#pragma once
// TIFF stills through libtiff.

#include "sinks/image/image_writer.hpp"

namespace frameout {

//! Writes .tif: 8- or 16-bit unsigned, or 32-bit float (half widens to float); grey or RGB, with alpha as an
//! unassociated extra sample. Reads options.compression (none|lzw|deflate|packbits, default deflate) and
//! options.deterministic (no DateTime tag) and options.colour (an ICC profile where the space has one).
class TiffWriter final : public ImageWriter {
 public:
  std::string_view token() const override { return "tiff"; }
  PixelFormat stored_format(const PixelFormat& requested) const override;
  void write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions& options) const override;
};

}  // namespace frameout
