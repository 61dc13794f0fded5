#include "formats/image_formats.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace frameout {

namespace {

const std::vector<ImageFormat>& image_format_table() {
  static const std::vector<ImageFormat> formats = {
      {"exr", "OpenEXR", {".exr"}, {"exr-compression", "headerdat", "pointcloud"}},
      {"png", "PNG", {".png"}, {"png-level", "mastering-display", "max-cll", "max-fall"}},
      {"tiff", "TIFF", {".tif", ".tiff"}, {"tiff-compression"}},
      {"jpeg", "JPEG", {".jpg", ".jpeg"}, {"quality", "jpeg-chroma"}, 65500},  // libjpeg's JPEG_MAX_DIMENSION
      {"bmp", "BMP", {".bmp"}, {}},
      {"dds", "DirectDraw Surface", {".dds"}, {"mipmaps"}},
  };
  return formats;
}

}  // namespace

bool ImageFormat::uses(std::string_view param) const {
  return std::find(settings.begin(), settings.end(), param) != settings.end();
}

std::span<const ImageFormat> image_formats() { return image_format_table(); }

const ImageFormat* find_image_format(std::string_view token) {
  for (const auto& f : image_format_table())
    if (f.token == token) return &f;
  return nullptr;
}

const ImageFormat* image_format_for(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& f : image_format_table())
    if (std::find(f.extensions.begin(), f.extensions.end(), extension) != f.extensions.end()) return &f;
  return nullptr;
}

std::string image_extension_list() {
  std::vector<std::string_view> all;
  for (const auto& f : image_format_table()) all.insert(all.end(), f.extensions.begin(), f.extensions.end());
  return fmt::format("{}", fmt::join(all, " "));
}

}  // namespace frameout
