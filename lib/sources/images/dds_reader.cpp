// DDS, parsed by hand following Microsoft's DDS_HEADER / DDS_PIXELFORMAT / DDS_HEADER_DXT10 layout.
// Only the first surface is read: the top mip level of the first array slice or cube face, which is
// stored first in the file.

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "media/pixel_format.hpp"
#include "sources/images/channel_mask.hpp"
#include "sources/images/format_readers.hpp"

namespace frameout {

namespace {

constexpr uint32_t kMagic = 0x20534444;  // "DDS "
constexpr size_t kHeaderEnd = 4 + 124, kDx10HeaderEnd = kHeaderEnd + 20;
constexpr uint32_t kDdpfAlphaPixels = 0x1, kDdpfFourCC = 0x4, kDdpfRgb = 0x40;
constexpr uint32_t kFourCCDx10 = 0x30315844;  // "DX10"
constexpr uint32_t kTexture2D = 3;

//! A texel format that is copied as stored (apart from a possible B/R swap).
struct DirectTexels {
  uint32_t code;           // DXGI_FORMAT, or the legacy D3DFORMAT number in the fourCC field
  const char* layout;      // frameout pixel format token
  bool swap_red_blue = false;
};

constexpr DirectTexels kDxgiFormats[] = {
    {2, "rgba32float"},  {6, "rgb32float"},   {10, "rgba16float"},  {11, "rgba16fixed"},
    {28, "rgba8fixed"},  {29, "srgba8fixed"}, {87, "rgba8fixed", true},
    {41, "mono32float"}, {54, "mono16float"}, {56, "mono16fixed"},   {61, "mono8fixed"},
};
// D3DFMT_A16B16G16R16 (36), D3DFMT_A16B16G16R16F (113) and D3DFMT_A32B32G32R32F (116) in the fourCC field.
constexpr DirectTexels kLegacyFourCCs[] = {{36, "rgba16fixed"}, {113, "rgba16float"}, {116, "rgba32float"}};

std::optional<DirectTexels> find_texels(std::span<const DirectTexels> table, uint32_t code) {
  for (const DirectTexels& t : table)
    if (t.code == code) return t;
  return std::nullopt;
}

std::string fourcc_text(uint32_t code) {
  std::string text;
  for (int i = 0; i < 4; ++i) text += static_cast<char>((code >> (8 * i)) & 0xFF);
  if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isprint(c); })) return text;
  return std::to_string(code);
}

// Checked before allocating, so a damaged header cannot ask for more memory than the file could fill.
// Uncompressed DDS rows are not padded: the pitch is width * bytes per pixel.
void check_surface_present(const std::filesystem::path& path, const std::vector<uint8_t>& bytes, size_t offset,
                           uint32_t width, uint32_t height, size_t pixel_bytes, const ImageReadOptions& options) {
  check_image_size(path, width, height, options);
  const uint64_t row = uint64_t{width} * pixel_bytes;
  if (bytes.size() < offset || (bytes.size() - offset) / row < height) throw image_read_error(path, "the file is truncated");
}

VideoFrame copy_texels(const std::filesystem::path& path, const std::vector<uint8_t>& bytes, size_t offset,
                       uint32_t width, uint32_t height, const DirectTexels& texels, const ImageReadOptions& options,
                       std::vector<uint8_t> reuse) {
  const PixelFormat format = *find_pixel_format(texels.layout);
  check_surface_present(path, bytes, offset, width, height, format.bytes_per_pixel, options);
  VideoFrame frame = blank_image(path, width, height, format, options, std::move(reuse));
  const uint8_t* src = bytes.data() + offset;
  std::copy(src, src + frame.data.size(), frame.data.begin());
  if (texels.swap_red_blue)
    for (size_t i = 0; i < frame.data.size(); i += 4) std::swap(frame.data[i], frame.data[i + 2]);
  return frame;
}

// Legacy uncompressed RGB: 16, 24 or 32-bit pixels described by masks, read as 8-bit channels.
VideoFrame read_masked(const std::filesystem::path& path, const std::vector<uint8_t>& bytes, uint32_t width,
                       uint32_t height, uint32_t flags, const ImageReadOptions& options, std::vector<uint8_t> reuse) {
  const uint32_t bits = load_le32(bytes.data() + 88);
  if (bits != 16 && bits != 24 && bits != 32)
    throw image_read_error(path, fmt::format("{}-bit uncompressed DDS is not supported (16, 24 and 32-bit are)", bits));
  const bool alpha = (flags & kDdpfAlphaPixels) && load_le32(bytes.data() + 104) != 0;
  const ChannelMask masks[4] = {ChannelMask(load_le32(bytes.data() + 92)), ChannelMask(load_le32(bytes.data() + 96)),
                                ChannelMask(load_le32(bytes.data() + 100)),
                                ChannelMask(alpha ? load_le32(bytes.data() + 104) : 0)};
  for (const ChannelMask& mask : masks)
    if (!mask.valid()) throw image_read_error(path, "a channel mask is not one run of bits");
  const size_t pixel_bytes = bits / 8, out_pixel = alpha ? 4 : 3;
  check_surface_present(path, bytes, kHeaderEnd, width, height, pixel_bytes, options);
  VideoFrame frame = blank_image(path, width, height,
                                 image_read_layout(SampleType::U8, alpha ? ChannelSet::RGBA : ChannelSet::RGB), options,
                                 std::move(reuse));
  const size_t pixels = static_cast<size_t>(frame.width) * frame.height;
  const uint8_t* src = bytes.data() + kHeaderEnd;
  uint8_t* dst = frame.data.data();
  for (size_t i = 0; i < pixels; ++i, src += pixel_bytes, dst += out_pixel) {
    uint32_t value = 0;
    for (size_t b = 0; b < pixel_bytes; ++b) value |= uint32_t{src[b]} << (8 * b);
    for (size_t c = 0; c < out_pixel; ++c) dst[c] = masks[c].to_u8(value);
  }
  return frame;
}

}  // namespace

VideoFrame read_dds(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse) {
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  if (bytes.size() < kHeaderEnd || load_le32(bytes.data()) != kMagic || load_le32(bytes.data() + 4) != 124)
    throw image_read_error(path, "not a DDS file");
  const uint32_t height = load_le32(bytes.data() + 12), width = load_le32(bytes.data() + 16);
  const uint32_t flags = load_le32(bytes.data() + 80), fourcc = load_le32(bytes.data() + 84);

  if (!(flags & kDdpfFourCC)) {
    if (!(flags & kDdpfRgb)) throw image_read_error(path, "only RGB(A) pixel formats are supported in legacy DDS files");
    return read_masked(path, bytes, width, height, flags, options, std::move(reuse));
  }
  if (fourcc != kFourCCDx10) {
    if (const auto texels = find_texels(kLegacyFourCCs, fourcc)) return copy_texels(path, bytes, kHeaderEnd, width, height, *texels, options,
                                                                        std::move(reuse));
    throw image_read_error(path, fmt::format("DDS format \"{}\" is not supported (block-compressed textures are not read)",
                                             fourcc_text(fourcc)));
  }
  if (bytes.size() < kDx10HeaderEnd) throw image_read_error(path, "the file is truncated");
  const uint32_t dxgi = load_le32(bytes.data() + kHeaderEnd), dimension = load_le32(bytes.data() + kHeaderEnd + 4);
  if (dimension != kTexture2D) throw image_read_error(path, "only 2D textures are supported");
  if (const auto texels = find_texels(kDxgiFormats, dxgi)) return copy_texels(path, bytes, kDx10HeaderEnd, width, height, *texels, options,
                                                                        std::move(reuse));
  throw image_read_error(path, fmt::format("DXGI format {} is not supported (uncompressed RGBA8, RGBA16, RGBA16F, "
                                           "RGBA32F, RGB32F and single-channel formats are)",
                                           dxgi));
}

}  // namespace frameout
