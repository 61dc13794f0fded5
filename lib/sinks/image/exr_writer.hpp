#pragma once
// OpenEXR stills: half or float scanline images through the OpenEXR library.

#include <string>
#include <utility>
#include <vector>

#include "sinks/image/image_writer.hpp"

namespace frameout {

//! Writes .exr: fixed and half inputs as HALF, float as FLOAT; channels R,G,B,A / Y / A / Y,A / R,G, or the
//! names of options.channel_names, plus the channels of the frame's layers (EXR additional inputs).
//! Reads options.compression (default zip), options.colour (chromaticities, whiteLuminance for linear spaces) and options.header.
class ExrWriter final : public ImageWriter {
 public:
  std::string_view token() const override { return "exr"; }
  PixelFormat stored_format(const PixelFormat& requested) const override;
  void write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions& options) const override;
};

//! Throws Error(Usage) when a header key is empty or would replace an attribute OpenEXR itself manages
//! (channels, compression, dataWindow, …), so a job can be refused before any file is opened.
void check_exr_header(const std::vector<std::pair<std::string, std::string>>& header);

//! Throws Error(Usage) unless `compression` is "" or one of the EXR compression tokens.
void check_exr_compression(const std::string& compression);

}  // namespace frameout
