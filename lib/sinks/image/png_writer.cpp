#include "sinks/image/png_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <vector>

#include <fmt/format.h>
#include <png.h>
#include <zlib.h>
#include <spdlog/spdlog.h>

#include "sinks/image/image_file.hpp"

namespace frameout {

namespace {

// A chunk of PNG's third edition that libpng 1.6.39 has no call for (cICP, mDCv, cLLi), written as it is.
struct RawChunk {
  png_byte type[5];   // chunk type, NUL-terminated
  png_byte data[24];  // the largest is mDCv's
  size_t size;
};

// What libpng needs besides the rows; plain data so it can cross the setjmp below.
struct PngSettings {
  int width, height, bit_depth, colour_type, level;
  RawChunk raw[3];          // hand-written chunks, in file order
  int raw_count;            // how many of raw are used
  bool srgb;                // an sRGB chunk
  bool chrm;                // a cHRM chunk with chromaticities
  double chromaticities[8];  // white, red, green, blue x,y (libpng's order)
  bool gama;                // a gAMA chunk with gamma
  double gamma;             // encoding exponent: 1/2.6 for gamma 2.6, 1 for linear
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

RawChunk& add_raw_chunk(PngSettings& s, const char* type, size_t size) {
  RawChunk& chunk = s.raw[s.raw_count++];
  std::memcpy(chunk.type, type, sizeof chunk.type);
  chunk.size = size;
  return chunk;
}

// Which colour chunks describe `space` exactly. cICP (PNG's third edition) names the H.273 codes and takes
// precedence where read; the older chunks are for readers without it: sRGB for sRGB itself, cHRM for physical
// primaries, gAMA only for pure power curves (no power is exact for the sRGB or BT.709 curves, and PQ, HLG and
// ACESproxy are no power at all). Passthrough describes nothing.
void choose_colour_chunks(const ColourSpace& space, int bit_depth, PngSettings& s) {
  s.srgb = s.chrm = s.gama = false;
  if (is_passthrough(space)) return;
  if (has_exact_tags(space)) {
    // H.273 primaries and transfer, matrix 0 (RGB), full range
    png_byte* codes = add_raw_chunk(s, "cICP", 4).data;
    codes[0] = static_cast<png_byte>(space.tag_primaries);
    codes[1] = static_cast<png_byte>(transfer_tag(space, bit_depth));
    codes[2] = 0;
    codes[3] = 1;
  }
  if (space.tag_primaries == AVCOL_PRI_BT709 && space.transfer == Transfer::Srgb) {
    s.srgb = true;
    return;
  }
  const Primaries& p = space.primaries;
  const Chromaticity points[4] = {p.white, p.red, p.green, p.blue};
  // cHRM holds only physical coordinates (x, y and z = 1 - x - y all >= 0): not ACES AP0's blue (y < 0) nor
  // AP1's red (x + y > 1), which libpng refuses.
  s.chrm = std::all_of(std::begin(points), std::end(points),
                       [](const Chromaticity& c) { return c.x >= 0.0 && c.y >= 0.0 && c.x + c.y <= 1.0; });
  for (int i = 0; i < 4; ++i) {
    s.chromaticities[2 * i] = points[i].x;
    s.chromaticities[2 * i + 1] = points[i].y;
  }
  s.gama = space.transfer == Transfer::Linear || space.transfer == Transfer::Gamma26;
  s.gamma = space.transfer == Transfer::Linear ? 1.0 : 1.0 / 2.6;
}

// mDCv and cLLi (PNG's third edition) from the planned HDR metadata, whose units are already the chunks' own:
// chromaticities in 0.00002 as 16-bit numbers, in red, green, blue order, then the white point; luminances in
// 0.0001 cd/m² as 32-bit numbers. The light levels are whole nits, 10000 units each.
void add_hdr_chunks(const HdrMetadata& hdr, PngSettings& s) {
  if (hdr.mastering) {
    const MasteringDisplay& m = *hdr.mastering;
    png_byte* data = add_raw_chunk(s, "mDCv", 24).data;
    const MasteringPoint* points[4] = {&m.red, &m.green, &m.blue, &m.white};
    for (int i = 0; i < 4; ++i) {
      png_save_uint_16(data + 4 * i, points[i]->x);
      png_save_uint_16(data + 4 * i + 2, points[i]->y);
    }
    png_save_uint_32(data + 16, m.max_luminance);
    png_save_uint_32(data + 20, m.min_luminance);
  }
  if (hdr.light) {
    png_byte* data = add_raw_chunk(s, "cLLi", 8).data;
    png_save_uint_32(data, hdr.light->max_cll * 10000);
    png_save_uint_32(data + 4, hdr.light->max_fall * 10000);
  }
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
  if (s.srgb) png_set_sRGB(png, info, PNG_sRGB_INTENT_PERCEPTUAL);
  if (s.chrm) {
    const double* c = s.chromaticities;
    png_set_cHRM(png, info, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
  }
  if (s.gama) png_set_gAMA(png, info, s.gamma);
  // No png_set_tIME ever: the same frame must give the same bytes.
  png_write_info(png, info);
  // After IHDR and the other colour chunks, before any IDAT: the third edition asks only that cICP, mDCv and
  // cLLi come before PLTE and IDAT.
  for (int i = 0; i < s.raw_count; ++i) png_write_chunk(png, s.raw[i].type, s.raw[i].data, s.raw[i].size);
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
  PngSettings settings{};
  settings.width = frame.width;
  settings.height = frame.height;
  settings.bit_depth = frame.format.sample == SampleType::U8 ? 8 : 16;
  settings.colour_type = png_colour_type(frame.format.channels);
  settings.level = png_level(options.compression);
  choose_colour_chunks(*options.colour.space, settings.bit_depth, settings);
  add_hdr_chunks(options.colour.hdr, settings);

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
