#include "sinks/image/png_writer.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

#include <fmt/format.h>
#include <png.h>
#include <zlib.h>
#include <spdlog/spdlog.h>

#include "sinks/image/image_file.hpp"

namespace frameout {

namespace {

// What libpng needs besides the rows; plain data so it can cross the setjmp below.
struct PngSettings {
  int width, height, bit_depth, colour_type, level;
  bool srgb_chunk;
  double gamma;  // gAMA value when there is no sRGB chunk
  const ImageColour* colour;
};

struct PngFailure {
  char message[256];
};

void on_png_error(png_structp png, png_const_charp message) {
  auto* failure = static_cast<PngFailure*>(png_get_error_ptr(png));
  std::snprintf(failure->message, sizeof failure->message, "%s", message);
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp message) { spdlog::debug("libpng: {}", message); }

bool near(const double a[2], double x, double y) { return std::abs(a[0] - x) < 1e-3 && std::abs(a[1] - y) < 1e-3; }

bool bt709_primaries(const ImageColour& c) {
  return near(c.red, 0.640, 0.330) && near(c.green, 0.300, 0.600) && near(c.blue, 0.150, 0.060) &&
         near(c.white, 0.3127, 0.3290);
}

// libpng reports errors by longjmp to the setjmp here, so this function holds no object with a destructor
// and every C++ object it uses lives in the caller. Returns false with `failure` filled on error.
bool encode_png(std::FILE* file, const PngSettings& s, png_bytep* rows, PngFailure& failure) {
  std::snprintf(failure.message, sizeof failure.message, "out of memory");
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &failure, on_png_error, on_png_warning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_init_io(png, file);
  // 0 stores; 1 (the default) matches only runs (zlib's Z_RLE: a sixth of the time of zlib's level 6 on
  // rendered frames, within a few percent of its size once rows are filtered); 2-9 are zlib's levels as they
  // are, greedy matching up to 3 and lazy from 4, each searching longer than the one below. Z_FILTERED (what
  // libpng picks for filtered rows) drops the short matches that rarely pay on filtered data.
  png_set_compression_level(png, s.level);
  if (s.level == 0) {
    // Nothing is compressed, so filtering would only cost time.
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_strategy(png, Z_DEFAULT_STRATEGY);
  } else {
    png_set_compression_strategy(png, s.level == 1 ? Z_RLE : Z_FILTERED);
    // Up to the default 6 each row is filtered the better of Up and Sub rather than with all five filters
    // tried: a third less CPU and within 3% of the size on rendered frames and test cards alike (one fixed
    // filter costs up to 10x on flat graphics). 7-9 try every filter, for the smallest files.
    if (s.level <= 6) png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP | PNG_FILTER_SUB);
  }
  png_set_IHDR(png, info, static_cast<png_uint_32>(s.width), static_cast<png_uint_32>(s.height), s.bit_depth,
               s.colour_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (s.srgb_chunk) {
    png_set_sRGB(png, info, PNG_sRGB_INTENT_PERCEPTUAL);
  } else {
    const ImageColour& c = *s.colour;
    png_set_cHRM(png, info, c.white[0], c.white[1], c.red[0], c.red[1], c.green[0], c.green[1], c.blue[0], c.blue[1]);
    png_set_gAMA(png, info, s.gamma);
  }
  // No png_set_tIME ever: the same frame must give the same bytes.
  png_write_info(png, info);
  if (s.bit_depth == 16) png_set_swap(png);  // frames hold little-endian samples; PNG stores big-endian
  png_write_image(png, rows);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

int png_level(const std::string& compression) {
  if (compression.empty()) return 6;
  if (compression.size() == 1 && compression[0] >= '0' && compression[0] <= '9') return compression[0] - '0';
  throw Error(ExitCode::Usage, fmt::format("PNG compression level \"{}\" (--png-level) must be 0 to 9", compression));
}

int png_colour_type(ChannelSet channels) {
  switch (channels) {
    case ChannelSet::Mono: return PNG_COLOR_TYPE_GRAY;
    case ChannelSet::MonoAlpha: return PNG_COLOR_TYPE_GRAY_ALPHA;
    case ChannelSet::RGB: return PNG_COLOR_TYPE_RGB;
    default: return PNG_COLOR_TYPE_RGB_ALPHA;
  }
}

}  // namespace

PixelFormat PngWriter::stored_format(const PixelFormat& requested) const {
  // PNG has no two-channel colour or alpha-only type: RG gains a zero blue, a lone alpha keeps its values
  // in a grey+alpha image (grey = alpha, so the matte is also visible).
  ChannelSet channels = requested.channels;
  if (channels == ChannelSet::RG) channels = ChannelSet::RGB;
  if (channels == ChannelSet::Alpha) channels = ChannelSet::MonoAlpha;
  if (requested.sample == SampleType::Packed11_11_10F) channels = ChannelSet::RGB;
  const SampleType sample = requested.sample == SampleType::U8 ? SampleType::U8 : SampleType::U16;
  if (requested.sample == sample && requested.channels == channels) return requested;
  return image_layout(sample, channels);
}

void PngWriter::write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions& options) const {
  check_image_frame("PNG", path, frame, stored_format(frame.format));
  const ImageColour& colour = options.colour;
  PngSettings settings{frame.width,
                       frame.height,
                       frame.format.sample == SampleType::U8 ? 8 : 16,
                       png_colour_type(frame.format.channels),
                       png_level(options.compression),
                       colour.srgb_transfer && !colour.linear && bt709_primaries(colour),
                       // Without the sRGB chunk the curve is only approximated by a power: 1/2.2 for sRGB,
                       // 1/1.961 for the segmented Rec.709 curve (the fit FFmpeg uses too), 1 for linear.
                       colour.linear ? 1.0 : colour.srgb_transfer ? 1.0 / 2.2 : 1.0 / 1.961,
                       &colour};

  const size_t row_bytes = frame.format.frame_bytes(frame.width, 1);
  std::vector<png_bytep> rows(static_cast<size_t>(frame.height));
  // libpng reads rows through non-const pointers but does not change them (png_set_swap works on a copy).
  auto* data = const_cast<png_bytep>(frame.pixels());
  for (size_t y = 0; y < rows.size(); ++y) rows[y] = data + y * row_bytes;

  CheckedFile file(path, "PNG");
  PngFailure failure{};
  if (!encode_png(file.get(), settings, rows.data(), failure)) throw file.error(failure.message);
  file.close();
}

}  // namespace frameout
