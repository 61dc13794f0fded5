#include "sinks/image/image_writer.hpp"

#include "formats/image_formats.hpp"
#include "sinks/image/bmp_writer.hpp"
#include "sinks/image/dds_writer.hpp"
#include "sinks/image/exr_writer.hpp"
#include "sinks/image/jpeg_writer.hpp"
#include "sinks/image/png_writer.hpp"
#include "sinks/image/tiff_writer.hpp"

namespace frameout {

std::string_view ImageWriter::extension() const { return find_image_format(token())->extension(); }

std::unique_ptr<ImageWriter> make_image_writer(std::string_view token) {
  if (token == "exr") return std::make_unique<ExrWriter>();
  if (token == "png") return std::make_unique<PngWriter>();
  if (token == "tiff") return std::make_unique<TiffWriter>();
  if (token == "jpeg") return std::make_unique<JpegWriter>();
  if (token == "bmp") return std::make_unique<BmpWriter>();
  if (token == "dds") return std::make_unique<DdsWriter>();
  return nullptr;
}

}  // namespace frameout
