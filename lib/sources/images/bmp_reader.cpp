// BMP, parsed by hand following Microsoft's BITMAPFILEHEADER / BITMAPINFOHEADER..BITMAPV5HEADER layout.
// Pixels are read through channel masks, so BI_RGB and BI_BITFIELDS share one path.

#include <cstdint>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "sources/images/channel_mask.hpp"
#include "sources/images/format_readers.hpp"

namespace frameout {

namespace {

constexpr size_t kFileHeaderBytes = 14;
constexpr size_t kMaskOffset = kFileHeaderBytes + 40;  // masks follow a BITMAPINFOHEADER or sit in V2+ headers
constexpr uint32_t kBiRgb = 0, kBiBitfields = 3, kBiAlphaBitfields = 6;

}  // namespace

VideoFrame read_bmp(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse) {
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  if (bytes.size() < kFileHeaderBytes + 40 || bytes[0] != 'B' || bytes[1] != 'M')
    throw image_read_error(path, "not a BMP file");
  const uint32_t pixel_offset = load_le32(bytes.data() + 10);
  const uint32_t header_bytes = load_le32(bytes.data() + 14);
  if (header_bytes < 40) throw image_read_error(path, "OS/2 BITMAPCOREHEADER files are not supported");
  const auto width = static_cast<int32_t>(load_le32(bytes.data() + 18));
  const auto height = static_cast<int32_t>(load_le32(bytes.data() + 22));
  const uint16_t bits = static_cast<uint16_t>(bytes[28] | bytes[29] << 8);
  const uint32_t compression = load_le32(bytes.data() + 30);

  // BI_RGB has fixed masks; with bit fields they follow the 40-byte header or are part of a V2+ header.
  uint32_t masks[4] = {};
  if (compression == kBiRgb) {
    if (bits == 16) masks[0] = 0x7C00, masks[1] = 0x03E0, masks[2] = 0x001F;
    else if (bits == 24 || bits == 32) masks[0] = 0xFF0000, masks[1] = 0xFF00, masks[2] = 0xFF;  // 32: top byte unused
    else throw image_read_error(path, fmt::format("{}-bit BMP is not supported (16, 24 and 32-bit are)", bits));
  } else if (compression == kBiBitfields || compression == kBiAlphaBitfields) {
    if (bits != 16 && bits != 32) throw image_read_error(path, fmt::format("bit fields with {}-bit pixels", bits));
    const bool has_alpha_mask = header_bytes >= 56 || compression == kBiAlphaBitfields;
    if (bytes.size() < kMaskOffset + 16) throw image_read_error(path, "the file is truncated");
    for (int c = 0; c < (has_alpha_mask ? 4 : 3); ++c) masks[c] = load_le32(bytes.data() + kMaskOffset + 4 * c);
  } else {
    throw image_read_error(path, fmt::format("compressed BMP (compression {}) is not supported", compression));
  }
  const ChannelMask channels[4] = {ChannelMask(masks[0]), ChannelMask(masks[1]), ChannelMask(masks[2]),
                                   ChannelMask(masks[3])};
  for (const ChannelMask& mask : channels)
    if (!mask.valid()) throw image_read_error(path, "a channel mask is not one run of bits");

  // A negative height means rows are stored top row first.
  const int64_t rows = height < 0 ? -int64_t{height} : height;
  const bool alpha = masks[3] != 0;
  check_image_size(path, width, rows, options);
  // Checked before allocating, so a damaged header cannot ask for more memory than the file could fill.
  const size_t pixel_bytes = bits / 8;
  const size_t stride = (pixel_bytes * static_cast<size_t>(width) + 3) / 4 * 4;
  if (pixel_offset > bytes.size() || (bytes.size() - pixel_offset) / stride < static_cast<size_t>(rows))
    throw image_read_error(path, "the file is truncated");
  VideoFrame frame =
      blank_image(path, width, rows, image_read_layout(SampleType::U8, alpha ? ChannelSet::RGBA : ChannelSet::RGB), options,
                  std::move(reuse));

  const size_t out_pixel = alpha ? 4 : 3;
  for (int y = 0; y < frame.height; ++y) {
    const int stored_row = height < 0 ? y : frame.height - 1 - y;
    const uint8_t* src = bytes.data() + pixel_offset + stride * stored_row;
    uint8_t* dst = frame.data.data() + out_pixel * frame.width * y;
    for (int x = 0; x < frame.width; ++x, src += pixel_bytes, dst += out_pixel) {
      uint32_t value = 0;
      for (size_t b = 0; b < pixel_bytes; ++b) value |= uint32_t{src[b]} << (8 * b);
      for (size_t c = 0; c < out_pixel; ++c) dst[c] = channels[c].to_u8(value);
    }
  }
  return frame;
}

}  // namespace frameout
