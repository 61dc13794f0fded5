#pragma once
// Windows BMP stills, written directly (the format is a header and raw rows).

#include "sinks/image/image_writer.hpp"

namespace frameout {

//! Writes .bmp: 24-bit BGR without alpha, 32-bit BGRA with a BITMAPV5 header (alpha mask, sRGB) with alpha;
//! always 8 bits per channel, rows bottom-up and padded to 4 bytes. Reads no options.
class BmpWriter final : public ImageWriter {
 public:
  std::string_view token() const override { return "bmp"; }
  PixelFormat stored_format(const PixelFormat& requested) const override;
  void write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions& options) const override;
};

}  // namespace frameout
