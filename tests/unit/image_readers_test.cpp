// Image readers: files are written here with the format libraries themselves (or byte by byte for BMP and
// DDS, following the published layouts), then read back and compared value by value.

#include <catch2/catch.hpp>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <ImfChannelList.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfOutputFile.h>
#include <Imath/half.h>
#include <fmt/format.h>
#include <jpeglib.h>
#include <png.h>
#include <tiffio.h>
#include <unistd.h>

#include "system/error.hpp"
#include "sinks/image/image_writer.hpp"
#include "sources/images/image_reader.hpp"

using namespace frameout;
namespace fs = std::filesystem;

namespace {

// One folder for all the files of this test file, removed when the test program exits.
struct ScratchFolder {
  fs::path path = fs::temp_directory_path() / ("frameout_readers_" + std::to_string(getpid()));
  ScratchFolder() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

const fs::path& reader_folder() {
  static const ScratchFolder folder;
  return folder.path;
}

template <typename T>
std::vector<uint8_t> bytes_of(const std::vector<T>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

std::vector<uint16_t> half_bits(const std::vector<float>& values) {
  std::vector<uint16_t> bits;
  for (float v : values) bits.push_back(Imath::half(v).bits());
  return bits;
}

void put32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put16(std::vector<uint8_t>& out, uint16_t v) { out.push_back(v & 0xFF), out.push_back(static_cast<uint8_t>(v >> 8)); }

void save(const fs::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

VideoFrame read(const fs::path& path, const std::string& layer = "") { return read_image(path, ImageReadOptions{layer}); }

// ---- PNG -------------------------------------------------------------------------------------------------

// Samples are given in host order; 16-bit ones are swapped to PNG's big-endian by libpng.
void write_png(const fs::path& path, int width, int height, int color_type, int bit_depth, const std::vector<uint8_t>& pixels) {
  FILE* file = std::fopen(path.c_str(), "wb");
  REQUIRE(file);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    std::fclose(file);
    FAIL("libpng failed to write the test file");
  }
  png_init_io(png, file);
  png_set_IHDR(png, info, width, height, bit_depth, color_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  if (bit_depth == 16) png_set_swap(png);
  const size_t row = pixels.size() / height;
  for (int y = 0; y < height; ++y) png_write_row(png, pixels.data() + row * y);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  std::fclose(file);
}

// ---- TIFF ------------------------------------------------------------------------------------------------

struct TiffSpec {
  int width, height, channels, bits;
  bool is_float = false;
  bool tiled = false;
  bool separate = false;
};

void write_tiff(const fs::path& path, const TiffSpec& s, const std::vector<uint8_t>& pixels) {
  TIFF* t = TIFFOpen(path.c_str(), "w");
  REQUIRE(t);
  TIFFSetField(t, TIFFTAG_IMAGEWIDTH, static_cast<uint32_t>(s.width));
  TIFFSetField(t, TIFFTAG_IMAGELENGTH, static_cast<uint32_t>(s.height));
  TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, static_cast<uint16_t>(s.channels));
  TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, static_cast<uint16_t>(s.bits));
  TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, s.is_float ? SAMPLEFORMAT_IEEEFP : SAMPLEFORMAT_UINT);
  TIFFSetField(t, TIFFTAG_PHOTOMETRIC, s.channels >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
  TIFFSetField(t, TIFFTAG_PLANARCONFIG, s.separate ? PLANARCONFIG_SEPARATE : PLANARCONFIG_CONTIG);
  TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
  if (s.channels == 2 || s.channels == 4) {
    const uint16_t extra[] = {EXTRASAMPLE_UNASSALPHA};
    TIFFSetField(t, TIFFTAG_EXTRASAMPLES, 1, extra);
  }
  const size_t sample = static_cast<size_t>(s.bits / 8), pixel = sample * s.channels;
  if (s.tiled) {
    constexpr uint32_t tile = 16;
    TIFFSetField(t, TIFFTAG_TILEWIDTH, tile);
    TIFFSetField(t, TIFFTAG_TILELENGTH, tile);
    std::vector<uint8_t> block(tile * tile * pixel);
    for (uint32_t ty = 0; ty < static_cast<uint32_t>(s.height); ty += tile)
      for (uint32_t tx = 0; tx < static_cast<uint32_t>(s.width); tx += tile) {
        std::fill(block.begin(), block.end(), 0);
        for (uint32_t y = ty; y < std::min<uint32_t>(ty + tile, s.height); ++y)
          for (uint32_t x = tx; x < std::min<uint32_t>(tx + tile, s.width); ++x)
            std::memcpy(&block[((y - ty) * tile + (x - tx)) * pixel], &pixels[(y * s.width + x) * pixel], pixel);
        REQUIRE(TIFFWriteTile(t, block.data(), tx, ty, 0, 0) >= 0);
      }
  } else if (s.separate) {
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, 1u);
    std::vector<uint8_t> row(sample * s.width);
    for (int c = 0; c < s.channels; ++c)
      for (int y = 0; y < s.height; ++y) {
        for (int x = 0; x < s.width; ++x) std::memcpy(&row[x * sample], &pixels[(y * s.width + x) * pixel + c * sample], sample);
        REQUIRE(TIFFWriteScanline(t, row.data(), y, static_cast<uint16_t>(c)) >= 0);
      }
  } else {
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, 2u);
    for (int y = 0; y < s.height; ++y)
      REQUIRE(TIFFWriteScanline(t, const_cast<uint8_t*>(&pixels[y * s.width * pixel]), y, 0) >= 0);
  }
  TIFFClose(t);
}

// ---- JPEG ------------------------------------------------------------------------------------------------

void write_jpeg(const fs::path& path, int width, int height, bool grey, const std::vector<uint8_t>& pixels) {
  FILE* file = std::fopen(path.c_str(), "wb");
  REQUIRE(file);
  jpeg_compress_struct info{};
  jpeg_error_mgr errors{};
  info.err = jpeg_std_error(&errors);
  jpeg_create_compress(&info);
  jpeg_stdio_dest(&info, file);
  info.image_width = static_cast<JDIMENSION>(width);
  info.image_height = static_cast<JDIMENSION>(height);
  info.input_components = grey ? 1 : 3;
  info.in_color_space = grey ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, 100, TRUE);
  jpeg_start_compress(&info, TRUE);
  const size_t row = static_cast<size_t>(width) * (grey ? 1 : 3);
  while (info.next_scanline < info.image_height) {
    JSAMPROW r = const_cast<uint8_t*>(&pixels[row * info.next_scanline]);
    jpeg_write_scanlines(&info, &r, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  std::fclose(file);
}

// ---- EXR -------------------------------------------------------------------------------------------------

struct ExrChannel {
  std::string name;
  Imf::PixelType type;
  std::vector<float> values;  // one per data-window pixel
};

void write_exr(const fs::path& path, const Imath::Box2i& display, const Imath::Box2i& data, std::vector<ExrChannel> channels) {
  Imf::Header header(display, data);
  Imf::FrameBuffer buffer;
  std::vector<std::vector<uint8_t>> storage;
  for (const ExrChannel& c : channels) {
    header.channels().insert(c.name, Imf::Channel(c.type));
    if (c.type == Imf::HALF) storage.push_back(bytes_of(half_bits(c.values)));
    else storage.push_back(bytes_of(c.values));
    buffer.insert(c.name, Imf::Slice::Make(c.type, storage.back().data(), data, c.type == Imf::HALF ? 2 : 4));
  }
  Imf::OutputFile file(path.c_str(), header);
  file.setFrameBuffer(buffer);
  file.writePixels(data.max.y - data.min.y + 1);
}

Imath::Box2i box(int x0, int y0, int x1, int y1) { return Imath::Box2i(Imath::V2i(x0, y0), Imath::V2i(x1, y1)); }

void check_input_error(const fs::path& path, const std::string& why) {
  try {
    read(path);
    FAIL("expected an input error for " << path);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Input);
    CHECK_THAT(e.what(), Catch::Contains(fmt::format("\"{}\"", path.string())) && Catch::Contains("--input") && Catch::Contains(why));
  }
}

}  // namespace

TEST_CASE("PNG keeps its channel set and bit depth", "[sources]") {
  struct Case {
    int color_type, bit_depth;
    const char* layout;
    std::vector<uint8_t> pixels;  // 2x1
  };
  const std::vector<uint16_t> rgb16 = {0x0102, 0x1234, 0xFFFF, 0, 0x8000, 0x00FF};
  const std::vector<uint16_t> rgba16 = {0x0102, 0x1234, 0xFFFF, 0x7FFF, 0, 0x8000, 0x00FF, 0xFFFF};
  const std::vector<uint16_t> grey16 = {0xABCD, 0x0001};
  const std::vector<uint16_t> greyalpha16 = {0xABCD, 0x1111, 0x0001, 0xFFFE};
  const Case cases[] = {
      {PNG_COLOR_TYPE_GRAY, 8, "mono8fixed", {10, 250}},
      {PNG_COLOR_TYPE_GRAY_ALPHA, 8, "monoalpha8fixed", {10, 20, 250, 128}},
      {PNG_COLOR_TYPE_RGB, 8, "rgb8fixed", {1, 2, 3, 253, 254, 255}},
      {PNG_COLOR_TYPE_RGBA, 8, "rgba8fixed", {1, 2, 3, 4, 253, 254, 255, 0}},
      {PNG_COLOR_TYPE_GRAY, 16, "mono16fixed", bytes_of(grey16)},
      {PNG_COLOR_TYPE_GRAY_ALPHA, 16, "monoalpha16fixed", bytes_of(greyalpha16)},
      {PNG_COLOR_TYPE_RGB, 16, "rgb16fixed", bytes_of(rgb16)},
      {PNG_COLOR_TYPE_RGBA, 16, "rgba16fixed", bytes_of(rgba16)},
  };
  for (const Case& c : cases) {
    INFO(c.layout);
    const fs::path path = reader_folder() / (std::string(c.layout) + ".png");
    write_png(path, 2, 1, c.color_type, c.bit_depth, c.pixels);
    const VideoFrame frame = read(path);
    CHECK(frame.width == 2);
    CHECK(frame.height == 1);
    CHECK(frame.format.token == c.layout);
    CHECK(frame.data == c.pixels);
  }
}

TEST_CASE("PNG palettes and transparency become 8-bit RGB or RGBA", "[sources]") {
  const fs::path path = reader_folder() / "palette.png";
  FILE* file = std::fopen(path.c_str(), "wb");
  REQUIRE(file);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  png_init_io(png, file);
  png_set_IHDR(png, info, 2, 1, 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_color palette[2] = {{10, 20, 30}, {200, 210, 220}};
  png_set_PLTE(png, info, palette, 2);
  png_byte alpha[1] = {0};  // entry 0 fully transparent
  png_set_tRNS(png, info, alpha, 1, nullptr);
  png_write_info(png, info);
  png_byte row[2] = {1, 0};
  png_write_row(png, row);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  std::fclose(file);

  const VideoFrame frame = read(path);
  CHECK(frame.format.token == "rgba8fixed");
  CHECK(frame.data == std::vector<uint8_t>{200, 210, 220, 255, 10, 20, 30, 0});
}

TEST_CASE("TIFF keeps 8/16-bit fixed and 32-bit float samples", "[sources]") {
  struct Case {
    TiffSpec spec;
    const char* layout;
    std::vector<uint8_t> pixels;
  };
  const std::vector<uint16_t> rgba16 = {1, 2, 3, 65535, 40000, 50000, 60000, 0};
  const std::vector<uint16_t> greyalpha16 = {0x1234, 0xFFFF, 7, 0};
  const std::vector<float> mono32 = {-1.5f, 1e6f};
  const std::vector<float> rgb32 = {0.25f, 0.5f, 2.0f, -0.0f, 1e-7f, 100.0f};
  const std::vector<float> rgba32 = {0.25f, 0.5f, 2.0f, 0.75f, 3.0f, 1e-7f, 100.0f, 1.0f};
  const Case cases[] = {
      {{2, 1, 3, 8}, "rgb8fixed", {1, 2, 3, 250, 251, 252}},
      {{2, 1, 1, 8}, "mono8fixed", {9, 99}},
      {{2, 1, 4, 16}, "rgba16fixed", bytes_of(rgba16)},
      {{2, 1, 2, 16}, "monoalpha16fixed", bytes_of(greyalpha16)},
      {{2, 1, 1, 32, true}, "mono32float", bytes_of(mono32)},
      {{2, 1, 3, 32, true}, "rgb32float", bytes_of(rgb32)},
      {{2, 1, 4, 32, true}, "rgba32float", bytes_of(rgba32)},
      {{2, 1, 4, 32, true, false, true}, "rgba32float", bytes_of(rgba32)},  // one plane per channel
  };
  int n = 0;
  for (const Case& c : cases) {
    INFO(c.layout << (c.spec.separate ? " separate planes" : ""));
    const fs::path path = reader_folder() / ("case" + std::to_string(n++) + ".tif");
    write_tiff(path, c.spec, c.pixels);
    const VideoFrame frame = read(path);
    CHECK(frame.width == 2);
    CHECK(frame.height == 1);
    CHECK(frame.format.token == c.layout);
    CHECK(frame.data == c.pixels);
  }
}

TEST_CASE("tiled TIFF is assembled from tiles that overhang the image", "[sources]") {
  const int width = 20, height = 18;
  std::vector<uint16_t> values(static_cast<size_t>(width) * height * 3);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<uint16_t>(i * 97);
  const fs::path path = reader_folder() / "tiled.tiff";
  write_tiff(path, {width, height, 3, 16, false, true}, bytes_of(values));
  const VideoFrame frame = read(path);
  CHECK(frame.format.token == "rgb16fixed");
  CHECK(frame.width == width);
  CHECK(frame.height == height);
  CHECK(frame.data == bytes_of(values));
}

TEST_CASE("TIFF kinds without a direct layout come through as RGBA8", "[sources]") {
  const fs::path path = reader_folder() / "palette.tif";
  TIFF* t = TIFFOpen(path.c_str(), "w");
  REQUIRE(t);
  TIFFSetField(t, TIFFTAG_IMAGEWIDTH, 2u);
  TIFFSetField(t, TIFFTAG_IMAGELENGTH, 1u);
  TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, uint16_t{1});
  TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, uint16_t{8});
  TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_PALETTE);
  std::vector<uint16_t> red(256, 0), green(256, 0), blue(256, 0);
  red[1] = 0xFFFF, green[1] = 0x8080, blue[2] = 0x4040;
  TIFFSetField(t, TIFFTAG_COLORMAP, red.data(), green.data(), blue.data());
  uint8_t row[2] = {1, 2};
  REQUIRE(TIFFWriteScanline(t, row, 0, 0) >= 0);
  TIFFClose(t);

  const VideoFrame frame = read(path);
  CHECK(frame.format.token == "rgba8fixed");
  CHECK(frame.data == std::vector<uint8_t>{255, 128, 0, 255, 0, 0, 64, 255});
}

TEST_CASE("JPEG reads as RGB or mono within compression error", "[sources]") {
  const int width = 16, height = 16;
  std::vector<uint8_t> rgb, grey;
  for (int i = 0; i < width * height; ++i) rgb.insert(rgb.end(), {200, 100, 50}), grey.push_back(77);
  write_jpeg(reader_folder() / "colour.jpg", width, height, false, rgb);
  write_jpeg(reader_folder() / "grey.jpeg", width, height, true, grey);

  const VideoFrame colour = read(reader_folder() / "colour.jpg");
  CHECK(colour.format.token == "rgb8fixed");
  REQUIRE(colour.data.size() == rgb.size());
  for (size_t i = 0; i < rgb.size(); ++i) CHECK(std::abs(int{colour.data[i]} - int{rgb[i]}) <= 3);

  const VideoFrame mono = read(reader_folder() / "grey.jpeg");
  CHECK(mono.format.token == "mono8fixed");
  REQUIRE(mono.data.size() == grey.size());
  for (size_t i = 0; i < grey.size(); ++i) CHECK(std::abs(int{mono.data[i]} - 77) <= 1);
}

namespace {

// BITMAPFILEHEADER + BITMAPINFOHEADER (or V5 when `v5`), pixels as given (already padded, in stored order).
std::vector<uint8_t> bmp_file(int32_t width, int32_t height, uint16_t bits, uint32_t compression,
                              std::vector<uint32_t> masks, bool v5, const std::vector<uint8_t>& pixels) {
  const uint32_t info_bytes = v5 ? 124 : 40;
  const uint32_t extra = (!v5 && compression == 3) ? 12 : 0;  // BI_BITFIELDS masks after a 40-byte header
  const uint32_t offset = 14 + info_bytes + extra;
  std::vector<uint8_t> b = {'B', 'M'};
  put32(b, offset + static_cast<uint32_t>(pixels.size()));
  put32(b, 0);
  put32(b, offset);
  put32(b, info_bytes);
  put32(b, static_cast<uint32_t>(width));
  put32(b, static_cast<uint32_t>(height));
  put16(b, 1);
  put16(b, bits);
  put32(b, compression);
  put32(b, static_cast<uint32_t>(pixels.size()));
  for (int i = 0; i < 4; ++i) put32(b, i < 2 ? 2835 : 0);
  masks.resize(v5 ? 4 : extra / 4);
  for (uint32_t m : masks) put32(b, m);
  if (v5) {
    put32(b, 0x73524742);                       // LCS_sRGB
    for (int i = 0; i < 12; ++i) put32(b, 0);   // endpoints and gamma
    put32(b, 4), put32(b, 0), put32(b, 0), put32(b, 0);
  }
  REQUIRE(b.size() == offset);
  b.insert(b.end(), pixels.begin(), pixels.end());
  return b;
}

}  // namespace

TEST_CASE("BMP 24-bit bottom-up with row padding", "[sources]") {
  // 3x2: stored bottom row first, each row B,G,R triples padded from 9 to 12 bytes.
  const std::vector<uint8_t> stored = {3, 2, 1, 6, 5, 4, 9, 8, 7, 0, 0, 0,           // bottom row
                                       30, 20, 10, 60, 50, 40, 90, 80, 70, 0, 0, 0};  // top row
  const fs::path path = reader_folder() / "bottom_up.bmp";
  save(path, bmp_file(3, 2, 24, 0, {}, false, stored));
  const VideoFrame frame = read(path);
  CHECK(frame.format.token == "rgb8fixed");
  CHECK(frame.width == 3);
  CHECK(frame.height == 2);
  CHECK(frame.data == std::vector<uint8_t>{10, 20, 30, 40, 50, 60, 70, 80, 90, 1, 2, 3, 4, 5, 6, 7, 8, 9});
}

TEST_CASE("BMP 32-bit V5 bit fields with alpha, top-down", "[sources]") {
  const std::vector<uint8_t> stored = {3, 2, 1, 128, 30, 20, 10, 255};  // B,G,R,A per pixel
  const fs::path path = reader_folder() / "v5.bmp";
  save(path, bmp_file(1, -2, 32, 3, {0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000}, true, stored));
  const VideoFrame frame = read(path);
  CHECK(frame.format.token == "rgba8fixed");
  CHECK(frame.data == std::vector<uint8_t>{1, 2, 3, 128, 10, 20, 30, 255});
}

TEST_CASE("BMP 32-bit BI_RGB ignores the unused byte; 16-bit bit fields widen to 8 bits", "[sources]") {
  const fs::path rgb32 = reader_folder() / "rgb32.bmp";
  save(rgb32, bmp_file(1, 1, 32, 0, {}, false, {3, 2, 1, 77}));
  const VideoFrame a = read(rgb32);
  CHECK(a.format.token == "rgb8fixed");
  CHECK(a.data == std::vector<uint8_t>{1, 2, 3});

  // 5-6-5: red 31 → 255, green 32 → 130, blue 0 → 0; row of 2 bytes padded to 4.
  const uint16_t pixel = static_cast<uint16_t>(31 << 11 | 32 << 5);
  const fs::path rgb16 = reader_folder() / "rgb565.bmp";
  save(rgb16, bmp_file(1, 1, 16, 3, {0xF800, 0x07E0, 0x001F}, false,
                       {static_cast<uint8_t>(pixel & 0xFF), static_cast<uint8_t>(pixel >> 8), 0, 0}));
  const VideoFrame b = read(rgb16);
  CHECK(b.format.token == "rgb8fixed");
  CHECK(b.data == std::vector<uint8_t>{255, 130, 0});
}

namespace {

// DDS_HEADER with a legacy pixel format (masks or a fourCC) and, for fourCC "DX10", the DXT10 header.
std::vector<uint8_t> dds_file(uint32_t width, uint32_t height, uint32_t pf_flags, uint32_t fourcc, uint32_t bits,
                              std::vector<uint32_t> masks, uint32_t dxgi, const std::vector<uint8_t>& texels) {
  std::vector<uint8_t> b;
  put32(b, 0x20534444);
  put32(b, 124);
  put32(b, 0x1 | 0x2 | 0x4 | 0x1000);
  put32(b, height);
  put32(b, width);
  put32(b, 0);
  put32(b, 0);
  put32(b, 1);
  for (int i = 0; i < 11; ++i) put32(b, 0);
  put32(b, 32);
  put32(b, pf_flags);
  put32(b, fourcc);
  put32(b, bits);
  masks.resize(4);
  for (uint32_t m : masks) put32(b, m);
  put32(b, 0x1000);
  for (int i = 0; i < 4; ++i) put32(b, 0);
  if (fourcc == 0x30315844) put32(b, dxgi), put32(b, 3), put32(b, 0), put32(b, 1), put32(b, 1);
  b.insert(b.end(), texels.begin(), texels.end());
  return b;
}

constexpr uint32_t kDdpfRgbAlpha = 0x40 | 0x1, kDdpfFourCC = 0x4, kDx10 = 0x30315844;

}  // namespace

TEST_CASE("DDS legacy RGBA8 follows its masks", "[sources]") {
  const std::vector<uint8_t> texels = {1, 2, 3, 4, 5, 6, 7, 8};  // 2x1
  const fs::path rgba = reader_folder() / "rgba.dds";
  save(rgba, dds_file(2, 1, kDdpfRgbAlpha, 0, 32, {0xFF, 0xFF00, 0xFF0000, 0xFF000000}, 0, texels));
  const VideoFrame a = read(rgba);
  CHECK(a.format.token == "rgba8fixed");
  CHECK(a.data == texels);

  const fs::path bgra = reader_folder() / "bgra.dds";
  save(bgra, dds_file(2, 1, kDdpfRgbAlpha, 0, 32, {0xFF0000, 0xFF00, 0xFF, 0xFF000000}, 0, texels));
  const VideoFrame b = read(bgra);
  CHECK(b.format.token == "rgba8fixed");
  CHECK(b.data == std::vector<uint8_t>{3, 2, 1, 4, 7, 6, 5, 8});
}

TEST_CASE("DDS DX10 textures keep their texel format; only the first mip level is read", "[sources]") {
  const std::vector<float> top = {0.5f, -1.0f, 2.0f, 1.0f, 0.125f, 0.25f, 1e5f, 0.0f};  // 2x1 RGBA
  std::vector<uint8_t> half_texels = bytes_of(half_bits(top));
  const std::vector<uint8_t> half_mip = bytes_of(half_bits({9, 9, 9, 9}));  // 1x1 level after the first
  std::vector<uint8_t> with_mip = half_texels;
  with_mip.insert(with_mip.end(), half_mip.begin(), half_mip.end());
  const fs::path f16 = reader_folder() / "half.dds";
  save(f16, dds_file(2, 1, kDdpfFourCC, kDx10, 0, {}, 10, with_mip));
  const VideoFrame a = read(f16);
  CHECK(a.format.token == "rgba16float");
  CHECK(a.data == half_texels);

  const fs::path f32 = reader_folder() / "float.dds";
  save(f32, dds_file(2, 1, kDdpfFourCC, kDx10, 0, {}, 2, bytes_of(top)));
  const VideoFrame b = read(f32);
  CHECK(b.format.token == "rgba32float");
  CHECK(b.data == bytes_of(top));

  const fs::path u8 = reader_folder() / "unorm.dds";
  save(u8, dds_file(1, 1, kDdpfFourCC, kDx10, 0, {}, 28, {9, 8, 7, 6}));
  const VideoFrame c = read(u8);
  CHECK(c.format.token == "rgba8fixed");
  CHECK(c.data == std::vector<uint8_t>{9, 8, 7, 6});

  const fs::path bgra = reader_folder() / "bgra_dx10.dds";
  save(bgra, dds_file(1, 1, kDdpfFourCC, kDx10, 0, {}, 87, {9, 8, 7, 6}));
  CHECK(read(bgra).data == std::vector<uint8_t>{7, 8, 9, 6});
}

TEST_CASE("block-compressed and truncated DDS files are input errors", "[sources]") {
  const fs::path dxt1 = reader_folder() / "dxt1.dds";
  save(dxt1, dds_file(4, 4, kDdpfFourCC, 0x31545844, 0, {}, 0, std::vector<uint8_t>(8, 0)));
  check_input_error(dxt1, "DXT1");

  const fs::path truncated = reader_folder() / "truncated.dds";
  save(truncated, dds_file(64, 64, kDdpfFourCC, kDx10, 0, {}, 2, std::vector<uint8_t>(100, 0)));
  check_input_error(truncated, "truncated");
}

TEST_CASE("EXR RGBA half and RGB float keep their precision", "[sources]") {
  const Imath::Box2i window = box(0, 0, 1, 0);
  const fs::path half_path = reader_folder() / "rgba_half.exr";
  write_exr(half_path, window, window,
            {{"R", Imf::HALF, {0.5f, 1.0f}}, {"G", Imf::HALF, {-2.0f, 0.0f}}, {"B", Imf::HALF, {100.0f, 0.25f}},
             {"A", Imf::HALF, {1.0f, 0.5f}}});
  const VideoFrame a = read(half_path);
  CHECK(a.format.token == "rgba16float");
  CHECK(a.data == bytes_of(half_bits({0.5f, -2.0f, 100.0f, 1.0f, 1.0f, 0.0f, 0.25f, 0.5f})));

  const fs::path float_path = reader_folder() / "rgb_float.exr";
  write_exr(float_path, window, window,
            {{"R", Imf::FLOAT, {0.1f, 1e-8f}}, {"G", Imf::FLOAT, {3.3f, 7.0f}}, {"B", Imf::FLOAT, {-0.5f, 1e8f}}});
  const VideoFrame b = read(float_path);
  CHECK(b.format.token == "rgb32float");
  CHECK(b.data == bytes_of(std::vector<float>{0.1f, 3.3f, -0.5f, 1e-8f, 7.0f, 1e8f}));

  // One float channel among halves makes the whole frame float.
  const fs::path mixed_path = reader_folder() / "mixed.exr";
  write_exr(mixed_path, window, window,
            {{"R", Imf::HALF, {0.5f, 1.0f}}, {"G", Imf::HALF, {0.25f, 0.0f}}, {"B", Imf::HALF, {2.0f, 4.0f}},
             {"A", Imf::FLOAT, {0.3f, 0.7f}}});
  const VideoFrame c = read(mixed_path);
  CHECK(c.format.token == "rgba32float");
  CHECK(c.data == bytes_of(std::vector<float>{0.5f, 0.25f, 2.0f, 0.3f, 1.0f, 0.0f, 4.0f, 0.7f}));
}

TEST_CASE("EXR luminance, alpha and other channel sets", "[sources]") {
  const Imath::Box2i window = box(0, 0, 1, 0);
  struct Case {
    const char* name;
    std::vector<ExrChannel> channels;
    const char* layout;
    std::vector<float> expected;
  };
  const Case cases[] = {
      {"y", {{"Y", Imf::HALF, {0.5f, 2.0f}}}, "mono16float", {0.5f, 2.0f}},
      {"ya", {{"Y", Imf::HALF, {0.5f, 2.0f}}, {"A", Imf::HALF, {1.0f, 0.0f}}}, "monoalpha16float", {0.5f, 1.0f, 2.0f, 0.0f}},
      {"a", {{"A", Imf::HALF, {0.25f, 0.75f}}}, "a16float", {0.25f, 0.75f}},
      {"rg", {{"R", Imf::HALF, {1.0f, 2.0f}}, {"G", Imf::HALF, {3.0f, 4.0f}}}, "rg16float", {1.0f, 3.0f, 2.0f, 4.0f}},
      {"z", {{"Z", Imf::FLOAT, {10.5f, 1e9f}}}, "mono32float", {10.5f, 1e9f}},
      // Only R and B: G is read as 0.
      {"rb", {{"R", Imf::HALF, {1.0f, 2.0f}}, {"B", Imf::HALF, {3.0f, 4.0f}}}, "rgb16float", {1, 0, 3, 2, 0, 4}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const fs::path path = reader_folder() / (std::string(c.name) + ".exr");
    write_exr(path, window, window, c.channels);
    const VideoFrame frame = read(path);
    CHECK(frame.format.token == c.layout);
    if (frame.format.sample == SampleType::F16) CHECK(frame.data == bytes_of(half_bits(c.expected)));
    else CHECK(frame.data == bytes_of(c.expected));
  }
}

TEST_CASE("EXR layers are picked by name", "[sources]") {
  const Imath::Box2i window = box(0, 0, 0, 0);
  const fs::path path = reader_folder() / "layers.exr";
  write_exr(path, window, window,
            {{"R", Imf::HALF, {1.0f}}, {"G", Imf::HALF, {2.0f}}, {"B", Imf::HALF, {3.0f}},
             {"diffuse.R", Imf::FLOAT, {0.1f}}, {"diffuse.G", Imf::FLOAT, {0.2f}}, {"diffuse.B", Imf::FLOAT, {0.3f}},
             {"diffuse.A", Imf::FLOAT, {0.4f}}, {"diffuse.indirect.R", Imf::FLOAT, {9.0f}}});
  CHECK(read(path).data == bytes_of(half_bits({1.0f, 2.0f, 3.0f})));
  const VideoFrame diffuse = read(path, "diffuse");
  CHECK(diffuse.format.token == "rgba32float");
  CHECK(diffuse.data == bytes_of(std::vector<float>{0.1f, 0.2f, 0.3f, 0.4f}));
  CHECK(read(path, "diffuse.indirect").format.token == "rgb32float");

  try {
    read(path, "specular");
    FAIL("expected an error for a missing layer");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Input);
    CHECK_THAT(e.what(), Catch::Contains("--exr-layer") && Catch::Contains("specular") && Catch::Contains("diffuse") &&
                             Catch::Contains(path.string()));
  }
}

TEST_CASE("EXR data window: the frame is the display window, pixels outside the data are 0", "[sources]") {
  // Display 4x3; data 2x2 at (1,1)-(2,2), plus a data window reaching outside the display.
  const fs::path inside = reader_folder() / "data_window.exr";
  write_exr(inside, box(0, 0, 3, 2), box(1, 1, 2, 2), {{"Y", Imf::FLOAT, {1, 2, 3, 4}}});
  const VideoFrame a = read(inside);
  CHECK(a.format.token == "mono32float");
  CHECK(a.width == 4);
  CHECK(a.height == 3);
  CHECK(a.data == bytes_of(std::vector<float>{0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0}));

  const fs::path overscan = reader_folder() / "overscan.exr";
  write_exr(overscan, box(0, 0, 1, 1), box(-1, -1, 1, 0), {{"Y", Imf::FLOAT, {1, 2, 3, 4, 5, 6}}});
  const VideoFrame b = read(overscan);
  CHECK(b.width == 2);
  CHECK(b.height == 2);
  CHECK(b.data == bytes_of(std::vector<float>{5, 6, 0, 0}));
}

TEST_CASE("unreadable images are input errors naming the file and --input", "[sources]") {
  check_input_error(reader_folder() / "absent.png", "no such file");

  const fs::path not_png = reader_folder() / "text.png";
  save(not_png, {'h', 'e', 'l', 'l', 'o'});
  check_input_error(not_png, "not a PNG file");

  const fs::path not_exr = reader_folder() / "text.exr";
  save(not_exr, {'h', 'e', 'l', 'l', 'o'});
  check_input_error(not_exr, "");

  const fs::path not_tiff = reader_folder() / "text.tif";
  save(not_tiff, {'h', 'e', 'l', 'l', 'o'});
  check_input_error(not_tiff, "");

  const fs::path not_jpeg = reader_folder() / "text.jpg";
  save(not_jpeg, {'h', 'e', 'l', 'l', 'o'});
  check_input_error(not_jpeg, "");

  const fs::path short_bmp = reader_folder() / "short.bmp";
  std::vector<uint8_t> bmp = bmp_file(100, 100, 24, 0, {}, false, std::vector<uint8_t>(50, 0));
  save(short_bmp, bmp);
  check_input_error(short_bmp, "truncated");

  const fs::path unknown = reader_folder() / "picture.gif";
  save(unknown, {'G', 'I', 'F'});
  CHECK_FALSE(has_image_reader(unknown));
  CHECK(has_image_reader("shot.0001.EXR"));
  check_input_error(unknown, "extension");
}

namespace {

// A frame whose samples step through 0..1 in the layout's own encoding.
VideoFrame ramp_frame(const PixelFormat& format, int width, int height) {
  VideoFrame frame;
  frame.width = width, frame.height = height, frame.format = format;
  const size_t sample_bytes = format.sample == SampleType::U8 ? 1 : format.sample == SampleType::F32 ? 4 : 2;
  const size_t samples = format.frame_bytes(width, height) / sample_bytes;
  for (size_t i = 0; i < samples; ++i) {
    const int step = static_cast<int>(i * 37 % 256);
    std::vector<uint8_t> bytes;
    if (format.sample == SampleType::U8) bytes = {static_cast<uint8_t>(step)};
    else if (format.sample == SampleType::U16) bytes = bytes_of(std::vector<uint16_t>{static_cast<uint16_t>(step * 257)});
    else if (format.sample == SampleType::F16) bytes = bytes_of(half_bits({step / 255.0f}));
    else bytes = bytes_of(std::vector<float>{step / 255.0f});
    frame.data.insert(frame.data.end(), bytes.begin(), bytes.end());
  }
  return frame;
}

}  // namespace

// Found by tests/fuzz/exr_reader_fuzz (tests/fuzz/corpus/exr_reader/finding-2gb-opaque-attribute.exr): OpenEXR's
// InputFile allocated the 2 GB this 120-byte header declares for an attribute; the core library's header check
// refuses it first, so InputFile never sees the file.
TEST_CASE("an EXR header declaring a 2 GB attribute is refused before OpenEXR reads it", "[sources]") {
  const fs::path path = reader_folder() / "huge_attribute.exr";
  save(path, {
    0x76, 0x2f, 0x31, 0x01, 0x02, 0x00, 0x00, 0x00, 0x63, 0x61, 0x70, 0x44,
    0x61, 0x7b, 0x65, 0x00, 0x73, 0x74, 0x72, 0x69, 0x6e, 0x7b, 0x27, 0x00,
    0x00, 0x02, 0x13, 0x78, 0x32, 0x25, 0x25, 0x25, 0x25, 0x58, 0x58, 0x58,
    0x48, 0x58, 0x58, 0x58, 0x58, 0x58, 0x58, 0x58, 0x58, 0x58, 0x58, 0x18,
    0x00, 0x00, 0x00, 0x01, 0x02, 0x05, 0x00, 0x58, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x9c, 0x63, 0x61, 0x00, 0x00, 0x00,
    0x00, 0x70, 0x44, 0x74, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
  });
  check_input_error(path, "not a readable OpenEXR file");
}

// Found by exr_reader_fuzz after the fix above (corpus: finding-1.9gb-attribute-past-core-check.exr): the core
// parser passes this header, whose unknown attribute declares 1.9 GB that InputFile would allocate.
TEST_CASE("an EXR attribute larger than the file is refused before OpenEXR reads it", "[sources]") {
  const fs::path path = reader_folder() / "attribute_past_end.exr";
  save(path, {
    0x76, 0x2f, 0x31, 0x01, 0x02, 0x00, 0x00, 0x00, 0x63, 0x61, 0x70, 0x44,
    0x61, 0x74, 0x65, 0x00, 0x73, 0x74, 0x72, 0x69, 0x6e, 0x67, 0x00, 0x13,
    0x00, 0x00, 0x00, 0x32, 0x30, 0x32, 0x36, 0x3a, 0x31, 0x32, 0x3a, 0x30,
    0x32, 0x20, 0x2d, 0x34, 0x3a, 0x32, 0x32, 0x3a, 0x34, 0x38, 0x63, 0x68,
    0x61, 0x6e, 0x6e, 0x65, 0x6c, 0x73, 0x00, 0x63, 0x68, 0x6c, 0x69, 0x73,
    0x74, 0x00, 0x37, 0x00, 0x00, 0x00, 0x42, 0x00, 0x02, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x47, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x52, 0x00, 0x02, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x63, 0x6f, 0x6d, 0x70, 0x72, 0x65, 0x73, 0x73, 0x69, 0x6f, 0x6e,
    0x00, 0x63, 0x6f, 0x6d, 0x70, 0x72, 0x65, 0x73, 0x73, 0x69, 0x6f, 0x6e,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x04, 0x64, 0x61, 0x74, 0x61, 0x57, 0x69,
    0x6e, 0x64, 0x6f, 0x77, 0x00, 0x62, 0x6f, 0x78, 0x32, 0x69, 0x00, 0x10,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x64, 0x69, 0x73, 0x70, 0x6c,
    0x61, 0x79, 0x57, 0x69, 0x6e, 0x64, 0x8c, 0x2e, 0xba, 0x3e, 0x46, 0x17,
    0xdd, 0x3e, 0x00, 0x00, 0x00, 0x3f, 0x5d, 0x74, 0x11, 0x3f, 0xba, 0xe8,
    0x22, 0x3f, 0xa3, 0x8b, 0xae, 0x3e, 0x5d, 0x74, 0xd1, 0x3e, 0x17, 0x5d,
    0xf4, 0x3e, 0xe9, 0xa2, 0x0b, 0x3f, 0x46, 0x17, 0x1d, 0x3f, 0x8c, 0x2e,
    0x3a, 0x3f, 0xe9, 0xa2, 0x4b, 0x3f, 0x46, 0x17, 0x5d, 0x3f, 0xa3, 0x8b,
    0x6e, 0x3f, 0x00, 0x00, 0x80, 0x3f, 0x17, 0x5d, 0x34, 0x3f, 0x74, 0xd1,
    0x45, 0x3f, 0xd1, 0x45, 0x57, 0x3f, 0x2f, 0xba, 0x68, 0x3f, 0x8c, 0x2e,
    0x7a, 0x3f, 0xa3, 0x8b, 0x2e, 0x3f, 0x00, 0x00, 0x40, 0x3f, 0x5d, 0x74,
    0x51, 0x3f, 0xba, 0xe8, 0x62, 0x3f, 0x17, 0x5d, 0x74, 0x3f
  });
  check_input_error(path, "more than the file holds");
}

TEST_CASE("what frameout's image writers store reads back unchanged", "[sources]") {
  for (const char* token : {"exr", "png", "tiff", "bmp", "dds", "jpeg"}) {
    const auto writer = make_image_writer(token);
    REQUIRE(writer);
    for (const PixelFormat& requested : pixel_formats()) {
      if (requested.srgb_encoded || requested.sample == SampleType::Packed10_10_10_2 ||
          requested.sample == SampleType::Packed11_11_10F)
        continue;
      const PixelFormat stored = writer->stored_format(requested);
      INFO(token << " storing " << stored.token << " for " << requested.token);
      const VideoFrame frame = ramp_frame(stored, 5, 3);
      const fs::path path = reader_folder() / (std::string("roundtrip_") + std::string(stored.token) + std::string(writer->extension()));
      ImageOptions options;
      options.mipmaps = true;  // DDS: the reader takes the first level
      fs::remove(path);        // writers create their file new; several requests share a stored layout
      writer->write(path, frame, options);
      const VideoFrame back = read(path);
      CHECK(back.width == 5);
      CHECK(back.height == 3);
      CHECK(back.format.token == stored.token);
      if (std::string_view(token) != "jpeg") CHECK(back.data == frame.data);
    }
  }
}

TEST_CASE("every reader refuses an image over --max-input-pixels before reading it", "[sources]") {
  for (const char* token : {"exr", "png", "tiff", "bmp", "dds", "jpeg"}) {
    INFO(token);
    const auto writer = make_image_writer(token);
    REQUIRE(writer);
    const PixelFormat stored = writer->stored_format(*find_pixel_format("rgba8fixed"));
    const fs::path path = reader_folder() / (std::string("limit") + std::string(writer->extension()));
    fs::remove(path);
    writer->write(path, ramp_frame(stored, 5, 3), ImageOptions{});
    CHECK(read_image(path, ImageReadOptions{"", 15}).width == 5);
    try {
      read_image(path, ImageReadOptions{"", 14});
      FAIL("expected an input error");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::Input);
      CHECK_THAT(e.what(), Catch::Contains(path.string()) && Catch::Contains("5x3 (15 pixels)") &&
                               Catch::Contains("limit of 14 pixels") && Catch::Contains("--max-input-pixels"));
    }
  }
}

TEST_CASE("a header declaring 40000x40000 is refused by the limit, not by a failed allocation", "[sources]") {
  const fs::path bmp = reader_folder() / "huge.bmp";
  save(bmp, bmp_file(40000, 40000, 24, 0, {}, false, std::vector<uint8_t>(64, 0)));
  check_input_error(bmp, "--max-input-pixels");
  const fs::path dds = reader_folder() / "huge.dds";
  save(dds, dds_file(40000, 40000, kDdpfFourCC, kDx10, 0, {}, 2, std::vector<uint8_t>(64, 0)));
  check_input_error(dds, "--max-input-pixels");
}

// Found by exr_reader_fuzz (corpus: finding-850mb-attribute-size-desync.exr, finding-1.6gb-channel-list-size.exr):
// a channel list whose declared size is not the length of its entries. InputFile reads the entries, not the
// size, so it read on from the wrong place and took a later value for an attribute size of 850 MB and 1.6 GB.
TEST_CASE("EXR attributes whose declared size is not their value's are refused before OpenEXR reads them", "[sources]") {
  const fs::path corpus = fs::path(FRAMEOUT_SOURCE_DIR) / "tests/fuzz/corpus/exr_reader";
  for (const char* name : {"finding-850mb-attribute-size-desync.exr", "finding-1.6gb-channel-list-size.exr"}) {
    INFO(name);
    check_input_error(corpus / name, "do not match its value");
  }
  // Refused at the fuzz targets' limit (at the default one, 4 GB chunks are allowed and InputFile then fails on
  // the data). finding-1.2gb-tile-size.exr: 5x3 pixels in tiles whose one chunk would unpack to 1.2 GB;
  // finding-545mb-tile-row-buffer.exr: 64x64 pixels in tiles 4260354 lines tall, and InputFile reads a row of
  // tiles into one buffer as wide as the image, 545 MB here.
  for (const char* name : {"finding-1.2gb-tile-size.exr", "finding-545mb-tile-row-buffer.exr"}) {
    INFO(name);
    try {
      read_image(corpus / name, ImageReadOptions{"", 1 << 16});
      FAIL("a chunk over the limit was read");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::Input);
      CHECK_THAT(e.what(), Catch::Contains("one chunk of the file unpacks to"));
    }
  }
  // Files OpenEXR writes itself pass the header check: every seed of the corpus that is not a finding.
  for (const auto& entry : fs::directory_iterator(corpus))
    if (entry.path().filename().string().rfind("finding-", 0) != 0) {
      INFO(entry.path());
      try {
        read(entry.path(), "beauty");  // the one seed with layers has "beauty"; the others ignore a missing one
      } catch (const Error& e) {
        CHECK_THAT(e.what(), !Catch::Contains("match its value") && !Catch::Contains("more than the file holds"));
      }
    }
}

// Found by exr_reader_fuzz (corpus: finding-1.7gb-scanline-compressor.exr, finding-2.1gb-scanline-compressor.exr):
// extra channel lists make OpenEXR's core parser stop at a 64x64 data window while InputFile's header parser
// reads on to windows 13605377 and 16633861 pixels wide, and InputFile set up 1.7 and 2.1 GB of scan-line
// buffers for them. The sizes InputFile will use are checked too, before it opens the file.
TEST_CASE("an EXR header InputFile reads as a huge data window is refused before InputFile opens", "[sources]") {
  const fs::path corpus = fs::path(FRAMEOUT_SOURCE_DIR) / "tests/fuzz/corpus/exr_reader";
  for (const auto& [name, size] : {std::pair{"finding-1.7gb-scanline-compressor.exr", "13605377x131073"},
                                   std::pair{"finding-2.1gb-scanline-compressor.exr", "16633861x513"}}) {
    INFO(name);
    try {
      read_image(corpus / name, ImageReadOptions{"", 1 << 16});
      FAIL("the header was accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::Input);
      CHECK_THAT(e.what(), Catch::Contains(std::string("image size ") + size));
    }
  }
}
