#include "sinks/image/bmp_writer.hpp"

#include <cstdint>
#include <limits>
#include <vector>

#include "sinks/image/image_file.hpp"

namespace frameout {

namespace {

constexpr uint32_t kFileHeaderBytes = 14;
constexpr uint32_t kInfoHeaderBytes = 40;  // BITMAPINFOHEADER
constexpr uint32_t kV5HeaderBytes = 124;   // BITMAPV5HEADER
constexpr uint32_t kBiRgb = 0, kBiBitfields = 3;
constexpr uint32_t kLcsSrgb = 0x73524742;   // 'sRGB'
constexpr uint32_t kLcsGmImages = 4;        // perceptual rendering intent
constexpr uint32_t kPixelsPerMetre = 2835;  // 72 dpi, what most tools write

// BITMAPFILEHEADER and the start of the info header, shared by both variants.
std::vector<uint8_t> bmp_headers(int width, int height, uint32_t info_bytes, int bits, uint32_t image_bytes) {
  std::vector<uint8_t> h;
  const uint32_t offset = kFileHeaderBytes + info_bytes;
  h.push_back('B'), h.push_back('M');
  put_le(h, offset + image_bytes);  // file size
  put_le(h, 0);                     // two reserved words
  put_le(h, offset);                // where the pixels start
  put_le(h, info_bytes);
  put_le(h, static_cast<uint32_t>(width));
  put_le(h, static_cast<uint32_t>(height));  // positive: rows are stored bottom-up
  put_le(h, 1, 2);                           // planes
  put_le(h, static_cast<uint32_t>(bits), 2);
  put_le(h, info_bytes == kV5HeaderBytes ? kBiBitfields : kBiRgb);
  put_le(h, image_bytes);
  put_le(h, kPixelsPerMetre);
  put_le(h, kPixelsPerMetre);
  put_le(h, 0);  // colours used
  put_le(h, 0);  // important colours
  if (info_bytes == kV5HeaderBytes) {
    // Channel masks of the little-endian 32-bit pixel B,G,R,A; the alpha mask is what makes readers use alpha.
    put_le(h, 0x00FF0000), put_le(h, 0x0000FF00), put_le(h, 0x000000FF), put_le(h, 0xFF000000);
    put_le(h, kLcsSrgb);
    for (int i = 0; i < 9 + 3; ++i) put_le(h, 0);  // endpoints and gamma: unused with LCS_sRGB
    put_le(h, kLcsGmImages);
    put_le(h, 0), put_le(h, 0), put_le(h, 0);  // profile data, profile size, reserved
  }
  return h;
}

}  // namespace

PixelFormat BmpWriter::stored_format(const PixelFormat& requested) const {
  // Grey and RG have no place in a 24/32-bit BMP and become RGB; a lone alpha becomes RGBA (grey = alpha).
  const ChannelSet channels = requested.has_alpha() ? ChannelSet::RGBA : ChannelSet::RGB;
  if (requested.sample == SampleType::U8 && requested.channels == channels) return requested;
  return image_layout(SampleType::U8, channels);
}

void BmpWriter::write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions&) const {
  check_image_frame("BMP", path, frame, stored_format(frame.format));
  const bool alpha = frame.format.channels == ChannelSet::RGBA;
  const size_t channels = alpha ? 4 : 3;
  const size_t padded_row = (static_cast<size_t>(frame.width) * channels + 3) / 4 * 4;
  const size_t image_bytes = padded_row * frame.height;
  const uint32_t info_bytes = alpha ? kV5HeaderBytes : kInfoHeaderBytes;
  if (image_bytes + kFileHeaderBytes + info_bytes > std::numeric_limits<uint32_t>::max())
    throw image_write_error("BMP", path, "the image is larger than BMP's 4 GB limit");

  CheckedFile file(path, "BMP");
  const auto headers = bmp_headers(frame.width, frame.height, info_bytes, alpha ? 32 : 24,
                                   static_cast<uint32_t>(image_bytes));
  file.write(headers.data(), headers.size());
  std::vector<uint8_t> row(padded_row, 0);  // the padding bytes stay zero
  const size_t source_row = channels * frame.width;
  for (int y = frame.height - 1; y >= 0; --y) {
    const uint8_t* src = frame.pixels() + source_row * y;
    for (size_t x = 0; x < static_cast<size_t>(frame.width); ++x, src += channels) {
      uint8_t* dst = row.data() + x * channels;
      dst[0] = src[2], dst[1] = src[1], dst[2] = src[0];  // BMP stores blue first
      if (alpha) dst[3] = src[3];
    }
    file.write(row.data(), row.size());
  }
  file.close();
}

}  // namespace frameout
