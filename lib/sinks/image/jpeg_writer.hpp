#pragma once
// JPEG stills through libjpeg-turbo.

#include <atomic>

#include "sinks/image/image_writer.hpp"

namespace frameout {

//! Writes .jpg: 8-bit RGB or grey; alpha is dropped (one warning per writer). Reads options.quality
//! (0..1 → libjpeg quality 1..100), options.chroma_444 (else 4:2:0) and options.colour (an ICC profile where
//! the space has one).
class JpegWriter final : public ImageWriter {
 public:
  std::string_view token() const override { return "jpeg"; }
  PixelFormat stored_format(const PixelFormat& requested) const override;
  void write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions& options) const override;

 private:
  mutable std::atomic<bool> warned_alpha_{false};  //!< the alpha warning was logged
};

}  // namespace frameout
