// TIFF through libtiff. Grey and RGB files with 8/16-bit integer or 16/32-bit float samples are copied as
// stored, so their precision survives; anything else libtiff can decode (palettes, YCbCr, CMYK, 1-bit,
// min-is-white, rotated orientations) comes through its RGBA helper as 8-bit RGBA.

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <tiffio.h>

#include "sources/images/format_readers.hpp"

namespace frameout {

namespace {

// Per-handle handlers keep libtiff's text for our message and leave the process-wide handlers alone.
int on_tiff_error(TIFF*, void* user_data, const char* module, const char* format, va_list args) {
  auto& message = *static_cast<std::string*>(user_data);
  if (!message.empty()) return 1;  // the first error explains the failure; later ones are consequences
  char text[512];
  std::vsnprintf(text, sizeof text, format, args);
  message = module ? fmt::format("{}: {}", module, text) : std::string(text);
  return 1;
}

int on_tiff_warning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

struct TiffCloser {
  void operator()(TIFF* tiff) const { TIFFClose(tiff); }
};
struct TiffOptionsFree {
  void operator()(TIFFOpenOptions* options) const { TIFFOpenOptionsFree(options); }
};

//! How a directly copied file stores its samples.
struct DirectLayout {
  int file_channels;   // samples per pixel in the file
  int sample_bytes;    // bytes of one sample
  bool separate;       // one plane per channel instead of interleaved pixels
  bool bottom_up;      // rows stored bottom row first
  PixelFormat format;  // what the frame holds: the first 1, 2, 3 or 4 file channels
};


std::optional<DirectLayout> direct_layout(TIFF* tiff) {
  uint16_t photometric = 0, samples = 1, bits = 1, sample_format = SAMPLEFORMAT_UINT, planar = PLANARCONFIG_CONTIG,
           orientation = ORIENTATION_TOPLEFT;
  if (!TIFFGetField(tiff, TIFFTAG_PHOTOMETRIC, &photometric)) return std::nullopt;
  TIFFGetFieldDefaulted(tiff, TIFFTAG_SAMPLESPERPIXEL, &samples);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_SAMPLEFORMAT, &sample_format);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_ORIENTATION, &orientation);
  if (orientation != ORIENTATION_TOPLEFT && orientation != ORIENTATION_BOTLEFT) return std::nullopt;

  SampleType sample;
  if (sample_format == SAMPLEFORMAT_UINT && bits == 8) sample = SampleType::U8;
  else if (sample_format == SAMPLEFORMAT_UINT && bits == 16) sample = SampleType::U16;
  else if (sample_format == SAMPLEFORMAT_IEEEFP && bits == 16) sample = SampleType::F16;
  else if (sample_format == SAMPLEFORMAT_IEEEFP && bits == 32) sample = SampleType::F32;
  else return std::nullopt;

  // The first extra sample is taken as alpha (associated or not, values are kept as stored); any further
  // extra samples are left out.
  ChannelSet channels;
  if (photometric == PHOTOMETRIC_MINISBLACK && samples >= 1) channels = samples == 1 ? ChannelSet::Mono : ChannelSet::MonoAlpha;
  else if (photometric == PHOTOMETRIC_RGB && samples >= 3) channels = samples == 3 ? ChannelSet::RGB : ChannelSet::RGBA;
  else return std::nullopt;
  return DirectLayout{samples, bits / 8, planar == PLANARCONFIG_SEPARATE, orientation == ORIENTATION_BOTLEFT,
                      image_read_layout(sample, channels)};
}

// Reads the image in the file's own blocks (rows or tiles, one plane at a time when planes are separate) and
// places each block's samples in the frame.
void read_direct(TIFF* tiff, const DirectLayout& layout, VideoFrame& frame, std::string& message) {
  const int frame_channels = channel_count(layout.format.channels);
  const int planes = layout.separate ? frame_channels : 1;
  const size_t block_pixel = static_cast<size_t>(layout.sample_bytes) * (layout.separate ? 1 : layout.file_channels);
  const size_t copy_bytes = layout.separate ? layout.sample_bytes : layout.format.bytes_per_pixel;
  const size_t frame_pixel = layout.format.bytes_per_pixel;
  const bool tiled = TIFFIsTiled(tiff);
  uint32_t block_width = static_cast<uint32_t>(frame.width), block_height = 1;
  if (tiled) {
    TIFFGetField(tiff, TIFFTAG_TILEWIDTH, &block_width);
    TIFFGetField(tiff, TIFFTAG_TILELENGTH, &block_height);
  } else {
    // Whole strips, not scanlines: libtiff inflates a whole strip with libdeflate, several times faster.
    TIFFGetFieldDefaulted(tiff, TIFFTAG_ROWSPERSTRIP, &block_height);
    block_height = std::clamp<uint32_t>(block_height, 1, static_cast<uint32_t>(frame.height));
  }
  const tmsize_t block_size = tiled ? TIFFTileSize(tiff) : TIFFStripSize(tiff);
  if (block_width == 0 || block_height == 0 || block_size <= 0 ||
      static_cast<uint64_t>(block_size) < uint64_t{block_width} * block_height * block_pixel) {
    message = "inconsistent strip or tile size";
    return;
  }
  std::vector<uint8_t> block(static_cast<size_t>(block_size));
  for (int plane = 0; plane < planes; ++plane)
    for (uint32_t by = 0; by < static_cast<uint32_t>(frame.height); by += block_height)
      for (uint32_t bx = 0; bx < static_cast<uint32_t>(frame.width); bx += block_width) {
        const auto p = static_cast<uint16_t>(plane);
        const bool ok = tiled ? TIFFReadTile(tiff, block.data(), bx, by, 0, p) >= 0
                              : TIFFReadEncodedStrip(tiff, TIFFComputeStrip(tiff, by, p), block.data(), -1) >= 0;
        if (!ok) {
          if (message.empty()) message = fmt::format("damaged data at row {}", by);
          return;
        }
        const uint32_t rows = std::min(block_height, static_cast<uint32_t>(frame.height) - by);
        const uint32_t cols = std::min(block_width, static_cast<uint32_t>(frame.width) - bx);
        for (uint32_t r = 0; r < rows; ++r) {
          const uint8_t* src = block.data() + block_pixel * block_width * r;
          uint8_t* dst = frame.data.data() + frame_pixel * ((size_t{by} + r) * frame.width + bx) + plane * copy_bytes;
          if (copy_bytes == block_pixel && copy_bytes == frame_pixel) {
            std::memcpy(dst, src, copy_bytes * cols);
          } else {
            for (uint32_t x = 0; x < cols; ++x) std::memcpy(dst + frame_pixel * x, src + block_pixel * x, copy_bytes);
          }
        }
      }
  if (layout.bottom_up) {
    const size_t row = frame.format.frame_bytes(frame.width, 1);
    for (int y = 0; y < frame.height / 2; ++y)
      std::swap_ranges(frame.data.begin() + row * y, frame.data.begin() + row * (y + 1),
                       frame.data.begin() + row * (frame.height - 1 - y));
  }
}

}  // namespace

VideoFrame read_tiff(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse) {
  std::string message;
  std::unique_ptr<TIFFOpenOptions, TiffOptionsFree> open_options(TIFFOpenOptionsAlloc());
  TIFFOpenOptionsSetErrorHandlerExtR(open_options.get(), on_tiff_error, &message);
  TIFFOpenOptionsSetWarningHandlerExtR(open_options.get(), on_tiff_warning, nullptr);
  std::unique_ptr<TIFF, TiffCloser> tiff(TIFFOpenExt(path.c_str(), "r", open_options.get()));
  if (!tiff) throw image_read_error(path, message.empty() ? "not a TIFF file" : message);

  uint32_t width = 0, height = 0;
  TIFFGetField(tiff.get(), TIFFTAG_IMAGEWIDTH, &width);
  TIFFGetField(tiff.get(), TIFFTAG_IMAGELENGTH, &height);
  check_image_size(path, width, height, options);
  if (const auto layout = direct_layout(tiff.get())) {
    VideoFrame frame = blank_image(path, width, height, layout->format, options, std::move(reuse));
    read_direct(tiff.get(), *layout, frame, message);
    if (!message.empty()) throw image_read_error(path, message);
    return frame;
  }
  char why[1024] = {};
  if (!TIFFRGBAImageOK(tiff.get(), why)) throw image_read_error(path, message.empty() ? why : message);
  VideoFrame frame =
      blank_image(path, width, height, image_read_layout(SampleType::U8, ChannelSet::RGBA), options, std::move(reuse));
  // The helper packs each pixel as A<<24 | B<<16 | G<<8 | R, which on a little-endian host is R,G,B,A in memory.
  if (!TIFFReadRGBAImageOriented(tiff.get(), width, height, reinterpret_cast<uint32_t*>(frame.data.data()),
                                 ORIENTATION_TOPLEFT, 1))
    throw image_read_error(path, message.empty() ? "damaged image data" : message);
  return frame;
}

}  // namespace frameout
