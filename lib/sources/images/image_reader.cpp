#include "sources/images/image_reader.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "formats/image_formats.hpp"
#include "media/pixel_format.hpp"
#include "sources/images/format_readers.hpp"

namespace frameout {

// Every reader stores samples in host order, and frames are little-endian by definition.
static_assert(std::endian::native == std::endian::little, "image readers assume a little-endian host");

namespace {

// Large enough for any real image, small enough that a damaged header cannot ask for absurd memory.
constexpr int64_t kMaxImageSide = 1 << 20;

}  // namespace

bool has_image_reader(const std::filesystem::path& path) { return image_format_for(path) != nullptr; }

VideoFrame read_image(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse) {
  const ImageFormat* format = image_format_for(path);
  if (format == nullptr)
    throw image_read_error(path, fmt::format("the extension is not one of {}", image_extension_list()));
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw image_read_error(path, "no such file");
  const std::string_view token = format->token;
  if (token != "exr" && !options.exr_layer.empty())
    throw Error(ExitCode::Usage, fmt::format("--exr-layer {}: \"{}\" is not an EXR file", options.exr_layer, path.string()));
  // One reader per descriptor token.
  if (token == "exr") return read_exr(path, options, std::move(reuse));
  if (token == "png") return read_png(path, options, std::move(reuse));
  if (token == "tiff") return read_tiff(path, options, std::move(reuse));
  if (token == "jpeg") return read_jpeg(path, options, std::move(reuse));
  if (token == "bmp") return read_bmp(path, options, std::move(reuse));
  if (token == "dds") return read_dds(path, options, std::move(reuse));
  throw image_read_error(path, fmt::format("internal: no reader for {} files", token));
}

Error image_read_error(const std::filesystem::path& path, const std::string& why) {
  return Error(ExitCode::Input, fmt::format("cannot read image \"{}\" (--input): {}", path.string(), why));
}

PixelFormat image_read_layout(SampleType sample, ChannelSet channels) {
  for (const PixelFormat& f : pixel_formats())
    if (f.sample == sample && f.channels == channels && !f.srgb_encoded) return f;
  // The readers only ask for layouts that exist; reaching this is a programming error.
  throw Error(ExitCode::Input, "internal error: no pixel format for an image layout");
}

void check_image_size(const std::filesystem::path& path, int64_t width, int64_t height, const ImageReadOptions& options) {
  if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide)
    throw image_read_error(path, fmt::format("image size {}x{} is not usable", width, height));
  if (width * height > options.max_pixels)
    throw image_read_error(path, fmt::format("image size {}x{} ({} pixels) is over the limit of {} pixels; raise "
                                             "--max-input-pixels to read it",
                                             width, height, width * height, options.max_pixels));
}

VideoFrame sized_image(const std::filesystem::path& path, int64_t width, int64_t height, const PixelFormat& format,
                       const ImageReadOptions& options, std::vector<uint8_t> reuse) {
  check_image_size(path, width, height, options);
  VideoFrame frame;
  frame.data = std::move(reuse);  // resize() below keeps its memory when it is large enough
  frame.width = static_cast<int>(width);
  frame.height = static_cast<int>(height);
  frame.format = format;
  frame.data.resize(format.frame_bytes(frame.width, frame.height));
  return frame;
}

VideoFrame blank_image(const std::filesystem::path& path, int64_t width, int64_t height, const PixelFormat& format,
                       const ImageReadOptions& options, std::vector<uint8_t> reuse) {
  VideoFrame frame = sized_image(path, width, height, format, options, std::move(reuse));
  std::fill(frame.data.begin(), frame.data.end(), uint8_t{0});
  return frame;
}

std::vector<uint8_t> read_file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw image_read_error(path, "cannot open the file");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw image_read_error(path, "read failed");
  return bytes;
}

}  // namespace frameout
