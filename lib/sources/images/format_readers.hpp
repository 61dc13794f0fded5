#pragma once
// Internal to image reading: one decoder per file format, and what they share. Each reader takes `reuse`, the
// pixel memory of a frame that is done with (empty for none), and decodes into it when it is large enough.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "system/error.hpp"
#include "media/video_frame.hpp"
#include "sources/images/image_reader.hpp"

namespace frameout {

//! PNG through libpng: 8/16-bit grey, grey+alpha, RGB, RGBA (palettes and low bit depths expanded to 8-bit).
VideoFrame read_png(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse);
//! TIFF through libtiff: 8/16-bit fixed and 16/32-bit float grey or RGB with optional alpha; other kinds as RGBA8.
VideoFrame read_tiff(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse);
//! JPEG through libjpeg: 8-bit RGB, or mono for greyscale files.
VideoFrame read_jpeg(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse);
//! BMP: 16/24/32-bit, BI_RGB or BI_BITFIELDS, any header version from BITMAPINFOHEADER on.
VideoFrame read_bmp(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse);
//! DDS: the first level of an uncompressed legacy (masks) or DX10 texture.
VideoFrame read_dds(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse);
//! EXR through OpenEXR: the R,G,B,A / Y / A channels of the default layer or of `options.exr_layer`, half or float.
VideoFrame read_exr(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse);

//! The input error for a file that cannot be decoded, naming it and `--input`.
Error image_read_error(const std::filesystem::path& path, const std::string& why);
//! The Common-page layout with this sample type and channel set (never the sRGB variant).
PixelFormat image_read_layout(SampleType sample, ChannelSet channels);
//! Throws naming `path` when a size read from its header is not a usable image size or has more pixels than
//! `options.max_pixels`; readers call it before a library sets aside memory for the image.
void check_image_size(const std::filesystem::path& path, int64_t width, int64_t height, const ImageReadOptions& options);
//! A frame of this size and format whose pixels the caller will all write, after check_image_size, in the
//! memory of `reuse` when it is large enough (the contents are left as they were).
VideoFrame sized_image(const std::filesystem::path& path, int64_t width, int64_t height, const PixelFormat& format,
                       const ImageReadOptions& options, std::vector<uint8_t> reuse);
//! sized_image with every byte zero.
VideoFrame blank_image(const std::filesystem::path& path, int64_t width, int64_t height, const PixelFormat& format,
                       const ImageReadOptions& options, std::vector<uint8_t> reuse = {});
//! The whole file as bytes (for the formats parsed by hand).
std::vector<uint8_t> read_file_bytes(const std::filesystem::path& path);

}  // namespace frameout
