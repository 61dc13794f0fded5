#pragma once
// DirectDraw Surface textures, written directly (uncompressed: a header and raw texels).

#include "sinks/image/image_writer.hpp"

namespace frameout {

//! Writes .dds, always RGBA: 8-bit as RGBA8 with the legacy header, half (and 16-bit fixed) as
//! R16G16B16A16_FLOAT and float as R32G32B32A32_FLOAT with the DX10 header. Reads options.mipmaps
//! (a full 2x2 box-filtered chain down to 1x1).
class DdsWriter final : public ImageWriter {
 public:
  std::string_view token() const override { return "dds"; }
  PixelFormat stored_format(const PixelFormat& requested) const override;
  void write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions& options) const override;
};

}  // namespace frameout
