// Round trips for every image writer and every layout it stores, read back with readers that share no code
// with the writers: OpenEXR, libpng, libtiff and libjpeg's own decoders, and for BMP and DDS small parsers
// below that follow the published layouts field by field.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <Imath/half.h>
#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfFloatAttribute.h>
#include <OpenEXR/ImfFrameBuffer.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfInputFile.h>
#include <OpenEXR/ImfIntAttribute.h>
#include <OpenEXR/ImfStandardAttributes.h>
#include <OpenEXR/ImfStringAttribute.h>
#include <jpeglib.h>
#include <png.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <tiffio.h>

#include "convert/reformat.hpp"
#include "system/error.hpp"
#include "formats/image_formats.hpp"
#include "params/registry.hpp"
#include "sinks/image/image_writer.hpp"
#include "sources/images/image_reader.hpp"
#include "temp_files.hpp"

using namespace frameout;
using frameout::testing::FullFolder;
namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------------------------- helpers

// A folder of its own for each test, removed afterwards.
struct TempFolder {
  fs::path dir;
  TempFolder() {
    static int counter = 0;
    dir = fs::temp_directory_path() / ("frameout_image_test_" + std::to_string(getpid()) + "_" +
                                       std::to_string(counter++));
    fs::create_directories(dir);
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  fs::path operator/(const std::string& name) const { return dir / name; }
};

PixelFormat format(std::string_view token) { return *find_pixel_format(token); }

std::vector<uint8_t> file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

uint32_t le(const std::vector<uint8_t>& b, size_t at, int bytes = 4) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | b.at(at + i);
  return v;
}

size_t sample_bytes(SampleType s) {
  return s == SampleType::U8 ? 1 : s == SampleType::U16 || s == SampleType::F16 ? 2 : 4;
}

// A frame in any layout whose neighbouring samples all differ, so swapped channels, rows or bytes show; float
// values go below 0 and above 1 so clamping or range loss shows too.
VideoFrame test_frame(const PixelFormat& f, int width, int height) {
  VideoFrame frame{std::vector<uint8_t>(f.frame_bytes(width, height)), width, height, f, 0};
  const size_t size = sample_bytes(f.sample), values = static_cast<size_t>(f.bytes_per_pixel) / size;
  uint8_t* p = frame.data.data();
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (size_t c = 0; c < values; ++c, p += size) {
        const uint32_t v = static_cast<uint32_t>(x * 37 + y * 101 + static_cast<int>(c) * 59);
        if (f.sample == SampleType::U8) {
          *p = static_cast<uint8_t>(v * 7 + 11);
        } else if (f.sample == SampleType::U16) {
          const auto s = static_cast<uint16_t>(v * 1237 + 5);
          std::memcpy(p, &s, 2);
        } else if (f.sample == SampleType::F16) {
          const uint16_t h = float_to_half(static_cast<float>(v % 97) / 41.0f - 0.5f);
          std::memcpy(p, &h, 2);
        } else if (f.sample == SampleType::F32) {
          const float s = static_cast<float>(v % 89) / 37.0f - 0.25f;
          std::memcpy(p, &s, 4);
        } else {
          const uint32_t word = v * 2654435761u;  // packed formats: any bit pattern is a pixel
          std::memcpy(p, &word, 4);
        }
      }
  return frame;
}

// Writes `requested`-layout test data the way the pipeline does: converted once to stored_format.
VideoFrame write_converted(const ImageWriter& writer, const fs::path& path, const PixelFormat& requested, int width,
                           int height, const ImageOptions& options = {}) {
  const VideoFrame stored = reformat(test_frame(requested, width, height), writer.stored_format(requested));
  writer.write(path, stored, options);
  return stored;
}

double psnr(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  REQUIRE(a.size() == b.size());
  double squared = 0;
  for (size_t i = 0; i < a.size(); ++i) squared += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
  return squared == 0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 * a.size() / squared);
}

// What each writer stores for each requested layout: the contract, written out rather than re-derived.
// Columns: exr, png, tiff, jpeg, bmp, dds.
const std::map<std::string, std::vector<std::string>> kStored = {
    {"rgba8fixed", {"rgba16float", "rgba8fixed", "rgba8fixed", "rgb8fixed", "rgba8fixed", "rgba8fixed"}},
    {"srgba8fixed", {"rgba16float", "srgba8fixed", "srgba8fixed", "rgb8fixed", "srgba8fixed", "srgba8fixed"}},
    {"rgba16float", {"rgba16float", "rgba16fixed", "rgba32float", "rgb8fixed", "rgba8fixed", "rgba16float"}},
    {"rgba32float", {"rgba32float", "rgba16fixed", "rgba32float", "rgb8fixed", "rgba8fixed", "rgba32float"}},
    {"rgb10a2fixed", {"rgba16float", "rgba16fixed", "rgba16fixed", "rgb8fixed", "rgba8fixed", "rgba16float"}},
    {"rgba16fixed", {"rgba16float", "rgba16fixed", "rgba16fixed", "rgb8fixed", "rgba8fixed", "rgba16float"}},
    {"rgba11float", {"rgb16float", "rgb16fixed", "rgb32float", "rgb8fixed", "rgb8fixed", "rgba16float"}},
    {"rgb16float", {"rgb16float", "rgb16fixed", "rgb32float", "rgb8fixed", "rgb8fixed", "rgba16float"}},
    {"rgb32float", {"rgb32float", "rgb16fixed", "rgb32float", "rgb8fixed", "rgb8fixed", "rgba32float"}},
    {"mono8fixed", {"mono16float", "mono8fixed", "mono8fixed", "mono8fixed", "rgb8fixed", "rgba8fixed"}},
    {"mono16fixed", {"mono16float", "mono16fixed", "mono16fixed", "mono8fixed", "rgb8fixed", "rgba16float"}},
    {"mono16float", {"mono16float", "mono16fixed", "mono32float", "mono8fixed", "rgb8fixed", "rgba16float"}},
    {"mono32float", {"mono32float", "mono16fixed", "mono32float", "mono8fixed", "rgb8fixed", "rgba32float"}},
    {"rg8fixed", {"rg16float", "rgb8fixed", "rgb8fixed", "rgb8fixed", "rgb8fixed", "rgba8fixed"}},
    {"rg16fixed", {"rg16float", "rgb16fixed", "rgb16fixed", "rgb8fixed", "rgb8fixed", "rgba16float"}},
    {"rg16float", {"rg16float", "rgb16fixed", "rgb32float", "rgb8fixed", "rgb8fixed", "rgba16float"}},
    {"rg32float", {"rg32float", "rgb16fixed", "rgb32float", "rgb8fixed", "rgb8fixed", "rgba32float"}},
    {"a8fixed", {"a16float", "monoalpha8fixed", "monoalpha8fixed", "mono8fixed", "rgba8fixed", "rgba8fixed"}},
    {"a16fixed", {"a16float", "monoalpha16fixed", "monoalpha16fixed", "mono8fixed", "rgba8fixed", "rgba16float"}},
    {"a16float", {"a16float", "monoalpha16fixed", "monoalpha32float", "mono8fixed", "rgba8fixed", "rgba16float"}},
    {"a32float", {"a32float", "monoalpha16fixed", "monoalpha32float", "mono8fixed", "rgba8fixed", "rgba32float"}},
    {"monoalpha8fixed",
     {"monoalpha16float", "monoalpha8fixed", "monoalpha8fixed", "mono8fixed", "rgba8fixed", "rgba8fixed"}},
    {"monoalpha16fixed",
     {"monoalpha16float", "monoalpha16fixed", "monoalpha16fixed", "mono8fixed", "rgba8fixed", "rgba16float"}},
    {"monoalpha16float",
     {"monoalpha16float", "monoalpha16fixed", "monoalpha32float", "mono8fixed", "rgba8fixed", "rgba16float"}},
    {"monoalpha32float",
     {"monoalpha32float", "monoalpha16fixed", "monoalpha32float", "mono8fixed", "rgba8fixed", "rgba32float"}},
    {"rgb8fixed", {"rgb16float", "rgb8fixed", "rgb8fixed", "rgb8fixed", "rgb8fixed", "rgba8fixed"}},
    {"rgb16fixed", {"rgb16float", "rgb16fixed", "rgb16fixed", "rgb8fixed", "rgb8fixed", "rgba16float"}},
};
const std::vector<std::string> kTokens = {"exr", "png", "tiff", "jpeg", "bmp", "dds"};

// ------------------------------------------------------------------------------------------------ EXR

std::vector<std::string> exr_memory_order(ChannelSet c) {
  switch (c) {
    case ChannelSet::RGBA: return {"R", "G", "B", "A"};
    case ChannelSet::RGB: return {"R", "G", "B"};
    case ChannelSet::RG: return {"R", "G"};
    case ChannelSet::Mono: return {"Y"};
    case ChannelSet::Alpha: return {"A"};
    case ChannelSet::MonoAlpha: return {"Y", "A"};
  }
  return {};
}

// Reads an EXR into the frame's own layout after checking its channels, types and windows.
std::vector<uint8_t> read_exr(const fs::path& path, const VideoFrame& like) {
  Imf::InputFile in(path.c_str());
  const Imf::Header& header = in.header();
  const bool is_float = like.format.sample == SampleType::F32;
  auto names = exr_memory_order(like.format.channels);
  std::vector<std::string> in_file;
  for (auto it = header.channels().begin(); it != header.channels().end(); ++it) {
    in_file.push_back(it.name());
    CHECK(it.channel().type == (is_float ? Imf::FLOAT : Imf::HALF));
  }
  auto sorted = names;
  std::sort(sorted.begin(), sorted.end());
  CHECK(in_file == sorted);  // OpenEXR keeps channels in alphabetical order
  const Imath::Box2i full(Imath::V2i(0, 0), Imath::V2i(like.width - 1, like.height - 1));
  CHECK(header.dataWindow() == full);
  CHECK(header.displayWindow() == full);

  std::vector<uint8_t> data(like.data.size());
  const size_t pixel = static_cast<size_t>(like.format.bytes_per_pixel), size = is_float ? 4 : 2;
  Imf::FrameBuffer buffer;
  for (size_t i = 0; i < names.size(); ++i)
    buffer.insert(names[i], Imf::Slice(is_float ? Imf::FLOAT : Imf::HALF,
                                       reinterpret_cast<char*>(data.data()) + i * size, pixel, pixel * like.width));
  in.setFrameBuffer(buffer);
  in.readPixels(0, like.height - 1);
  return data;
}

// ------------------------------------------------------------------------------------------------ PNG

struct PngImage {
  png_uint_32 width = 0, height = 0;
  int bit_depth = 0, colour_type = 0;
  bool srgb = false, chrm = false, gama = false;
  png_fixed_point gamma = 0;
  std::vector<uint8_t> data;  // 16-bit samples little-endian, like frames
};

// libpng jumps back here on errors, so the objects with destructors live in the caller.
bool decode_png(std::FILE* file, PngImage& out) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_init_io(png, file);
  png_read_png(png, info, PNG_TRANSFORM_SWAP_ENDIAN, nullptr);
  out.width = png_get_image_width(png, info);
  out.height = png_get_image_height(png, info);
  out.bit_depth = png_get_bit_depth(png, info);
  out.colour_type = png_get_color_type(png, info);
  out.srgb = png_get_valid(png, info, PNG_INFO_sRGB);
  out.chrm = png_get_valid(png, info, PNG_INFO_cHRM);
  out.gama = png_get_gAMA_fixed(png, info, &out.gamma) != 0;
  const size_t row = png_get_rowbytes(png, info);
  out.data.resize(row * out.height);
  png_bytepp rows = png_get_rows(png, info);
  for (png_uint_32 y = 0; y < out.height; ++y) std::memcpy(out.data.data() + y * row, rows[y], row);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

PngImage read_png(const fs::path& path) {
  PngImage image;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  REQUIRE(file);
  const bool ok = decode_png(file, image);
  std::fclose(file);
  REQUIRE(ok);
  return image;
}

// Chunk types in file order, walking the length/type/data/CRC records after the signature.
std::vector<std::string> png_chunks(const std::vector<uint8_t>& bytes) {
  std::vector<std::string> types;
  for (size_t at = 8; at + 8 <= bytes.size();) {
    const uint32_t length = (uint32_t(bytes[at]) << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
    types.emplace_back(reinterpret_cast<const char*>(&bytes[at + 4]), 4);
    at += 12 + length;
  }
  return types;
}

// The zlib stream of a PNG: its IDAT chunks' data, joined.
std::vector<uint8_t> png_zlib_stream(const std::vector<uint8_t>& bytes) {
  std::vector<uint8_t> stream;
  for (size_t at = 8; at + 8 <= bytes.size();) {
    const uint32_t length = (uint32_t(bytes[at]) << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
    if (std::memcmp(&bytes[at + 4], "IDAT", 4) == 0)
      stream.insert(stream.end(), bytes.begin() + at + 8, bytes.begin() + at + 8 + length);
    at += 12 + length;
  }
  return stream;
}

// The payload of a zlib stream made only of stored (uncompressed) deflate blocks; fails the test on any other
// block type. Stored blocks are byte-aligned, so each starts with a header byte, LEN and NLEN.
std::vector<uint8_t> stored_deflate_payload(const std::vector<uint8_t>& stream) {
  std::vector<uint8_t> payload;
  size_t at = 2;  // the zlib header
  for (bool last = false; !last;) {
    REQUIRE(at + 5 <= stream.size());
    last = stream[at] & 1;
    REQUIRE(((stream[at] >> 1) & 3) == 0);  // BTYPE 00: stored
    const size_t length = stream[at + 1] | (stream[at + 2] << 8);
    REQUIRE((length ^ (stream[at + 3] | (stream[at + 4] << 8))) == 0xffff);
    at += 5;
    REQUIRE(at + length <= stream.size());
    payload.insert(payload.end(), stream.begin() + at, stream.begin() + at + length);
    at += length;
  }
  CHECK(at + 4 == stream.size());  // only the Adler-32 checksum follows
  return payload;
}

// An 8-bit RGBA picture of a few random runs of pixels repeated in random order, each copy with one changed
// byte: so many near matches that every zlib level finds longer ones than the level below it.
VideoFrame repetitive_frame(int width, int height) {
  VideoFrame frame{std::vector<uint8_t>(static_cast<size_t>(width) * height * 4), width, height,
                   format("rgba8fixed"), 0};
  uint32_t seed = 7;
  auto next = [&seed] { return (seed = seed * 1664525u + 1013904223u) >> 8; };
  std::vector<std::vector<uint8_t>> runs(4);
  for (auto& run : runs) {
    run.resize(next() % 2 ? 180 : 228);
    for (auto& byte : run) byte = static_cast<uint8_t>(next());
  }
  for (size_t at = 0; at < frame.data.size();) {
    std::vector<uint8_t> copy = runs[next() % runs.size()];
    copy[next() % copy.size()] ^= static_cast<uint8_t>(1 + next() % 255);
    const size_t n = std::min(copy.size(), frame.data.size() - at);
    std::copy_n(copy.begin(), n, frame.data.begin() + static_cast<std::ptrdiff_t>(at));
    at += n;
  }
  return frame;
}

// ----------------------------------------------------------------------------------------------- TIFF

struct TiffImage {
  uint32_t width = 0, height = 0;
  uint16_t bits = 0, samples = 0, sample_format = 0, photometric = 0, compression = 0, predictor = 0;
  std::vector<uint16_t> extra;
  bool has_datetime = false;
  std::vector<uint8_t> data;
};

TiffImage read_tiff(const fs::path& path) {
  TiffImage t;
  TIFF* tif = TIFFOpen(path.c_str(), "r");
  REQUIRE(tif);
  TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &t.width);
  TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &t.height);
  TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &t.bits);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &t.samples);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &t.sample_format);
  TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &t.photometric);
  TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &t.compression);
  if (t.compression == COMPRESSION_LZW || t.compression == COMPRESSION_ADOBE_DEFLATE)  // the codecs with predictors
    TIFFGetFieldDefaulted(tif, TIFFTAG_PREDICTOR, &t.predictor);
  uint16_t count = 0;
  uint16_t* extra = nullptr;
  if (TIFFGetField(tif, TIFFTAG_EXTRASAMPLES, &count, &extra)) t.extra.assign(extra, extra + count);
  char* datetime = nullptr;
  t.has_datetime = TIFFGetField(tif, TIFFTAG_DATETIME, &datetime) == 1;
  const auto row = static_cast<size_t>(TIFFScanlineSize(tif));
  t.data.resize(row * t.height);
  for (uint32_t y = 0; y < t.height; ++y) REQUIRE(TIFFReadScanline(tif, t.data.data() + row * y, y, 0) == 1);
  TIFFClose(tif);
  return t;
}

// ----------------------------------------------------------------------------------------------- JPEG

struct JpegImage {
  int width = 0, height = 0, components = 0, luma_h = 0, luma_v = 0;
  std::vector<uint8_t> data;
};

struct JpegErrors {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
};

// libjpeg jumps back here on errors, so the objects with destructors live in the caller.
bool decode_jpeg(const std::vector<uint8_t>& bytes, JpegImage& out) {
  jpeg_decompress_struct cinfo{};
  JpegErrors errors;
  cinfo.err = jpeg_std_error(&errors.manager);
  errors.manager.error_exit = [](j_common_ptr c) { std::longjmp(reinterpret_cast<JpegErrors*>(c->err)->jump, 1); };
  if (setjmp(errors.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&cinfo, TRUE);
  out.components = cinfo.num_components;
  out.luma_h = cinfo.comp_info[0].h_samp_factor;
  out.luma_v = cinfo.comp_info[0].v_samp_factor;
  jpeg_start_decompress(&cinfo);
  out.width = static_cast<int>(cinfo.output_width);
  out.height = static_cast<int>(cinfo.output_height);
  const size_t row = static_cast<size_t>(out.width) * cinfo.output_components;
  out.data.resize(row * out.height);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW rows[] = {out.data.data() + row * cinfo.output_scanline};
    jpeg_read_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return true;
}

JpegImage read_jpeg(const fs::path& path) {
  JpegImage image;
  REQUIRE(decode_jpeg(file_bytes(path), image));
  return image;
}

// Smooth content, the kind JPEG is made for.
VideoFrame gradient(const PixelFormat& f, int width, int height) {
  VideoFrame frame{std::vector<uint8_t>(f.frame_bytes(width, height)), width, height, f, 0};
  const int channels = f.bytes_per_pixel;  // 8-bit formats only
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < channels; ++c)
        frame.data[(static_cast<size_t>(y) * width + x) * channels + c] =
            static_cast<uint8_t>(c == 0 ? x * 255 / (width - 1) : c == 1 ? y * 255 / (height - 1) : (x + y) * 2);
  return frame;
}

// ------------------------------------------------------------------------------------------------ BMP

// Parses BITMAPFILEHEADER + BITMAPINFOHEADER/BITMAPV5HEADER and returns the pixels top row first in R,G,B(,A)
// order, checking every header field and the row padding.
std::vector<uint8_t> parse_bmp(const std::vector<uint8_t>& b, int width, int height, bool alpha) {
  REQUIRE(b.size() > 54);
  CHECK(b[0] == 'B');
  CHECK(b[1] == 'M');
  CHECK(le(b, 2) == b.size());
  CHECK(le(b, 6) == 0);
  const uint32_t info = alpha ? 124 : 40;
  CHECK(le(b, 10) == 14 + info);
  CHECK(le(b, 14) == info);
  CHECK(le(b, 18) == uint32_t(width));
  CHECK(le(b, 22) == uint32_t(height));  // positive: bottom-up
  CHECK(le(b, 26, 2) == 1);
  CHECK(le(b, 28, 2) == (alpha ? 32u : 24u));
  CHECK(le(b, 30) == (alpha ? 3u : 0u));  // BI_BITFIELDS : BI_RGB
  const size_t channels = alpha ? 4 : 3, padded = (width * channels + 3) / 4 * 4;
  CHECK(le(b, 34) == padded * height);
  if (alpha) {
    CHECK(le(b, 54) == 0x00FF0000u);  // red mask
    CHECK(le(b, 58) == 0x0000FF00u);
    CHECK(le(b, 62) == 0x000000FFu);
    CHECK(le(b, 66) == 0xFF000000u);  // alpha mask
    CHECK(le(b, 70) == 0x73524742u);  // LCS_sRGB
    CHECK(le(b, 122) == 4u);          // LCS_GM_IMAGES
  }
  REQUIRE(b.size() == 14 + info + padded * height);
  std::vector<uint8_t> pixels(channels * width * height);
  for (int y = 0; y < height; ++y) {
    const uint8_t* row = b.data() + 14 + info + padded * (height - 1 - y);
    for (int x = 0; x < width; ++x) {
      uint8_t* p = pixels.data() + channels * (static_cast<size_t>(y) * width + x);
      p[0] = row[x * channels + 2], p[1] = row[x * channels + 1], p[2] = row[x * channels];
      if (alpha) p[3] = row[x * channels + 3];
    }
    for (size_t i = width * channels; i < padded; ++i) CHECK(row[i] == 0);
  }
  return pixels;
}

// ------------------------------------------------------------------------------------------------ DDS

struct DdsFile {
  uint32_t flags = 0, height = 0, width = 0, pitch = 0, mips = 0, pf_flags = 0, fourcc = 0, bits = 0, caps = 0;
  uint32_t masks[4] = {};
  uint32_t dxgi = 0, dimension = 0, array_size = 0, alpha_mode = 0;
  size_t data_offset = 0;
};

// Reads DDS_HEADER (and DDS_HEADER_DXT10 when the FourCC says DX10) field by field.
DdsFile parse_dds(const std::vector<uint8_t>& b) {
  DdsFile d;
  REQUIRE(b.size() >= 128);
  CHECK(le(b, 0) == 0x20534444u);  // "DDS "
  CHECK(le(b, 4) == 124u);
  d.flags = le(b, 8), d.height = le(b, 12), d.width = le(b, 16), d.pitch = le(b, 20), d.mips = le(b, 28);
  CHECK(le(b, 24) == 0u);           // depth
  CHECK(le(b, 76) == 32u);          // DDS_PIXELFORMAT size
  d.pf_flags = le(b, 80), d.fourcc = le(b, 84), d.bits = le(b, 88);
  for (int i = 0; i < 4; ++i) d.masks[i] = le(b, 92 + 4 * i);
  d.caps = le(b, 108);
  d.data_offset = 128;
  if (d.pf_flags & 0x4 && d.fourcc == 0x30315844u) {  // DDPF_FOURCC "DX10"
    REQUIRE(b.size() >= 148);
    d.dxgi = le(b, 128), d.dimension = le(b, 132), d.array_size = le(b, 140), d.alpha_mode = le(b, 144);
    d.data_offset = 148;
  }
  return d;
}

float sample_value(SampleType s, const uint8_t* p) {
  if (s == SampleType::U8) return *p;
  if (s == SampleType::F16) {
    uint16_t bits;
    std::memcpy(&bits, p, 2);
    return imath_half_to_float(bits);
  }
  float f;
  std::memcpy(&f, p, 4);
  return f;
}

}  // namespace

// ----------------------------------------------------------------------------------------------- tests

TEST_CASE("every image file type has a writer with its token and extension", "[image]") {
  const std::map<std::string, std::string> extensions = {{"exr", ".exr"}, {"png", ".png"}, {"tiff", ".tif"},
                                                         {"jpeg", ".jpg"}, {"bmp", ".bmp"}, {"dds", ".dds"}};
  for (const auto& [token, extension] : extensions) {
    const auto writer = make_image_writer(token);
    REQUIRE(writer);
    CHECK(writer->token() == token);
    CHECK(writer->extension() == extension);
  }
  CHECK_FALSE(make_image_writer("gif"));
  CHECK_FALSE(make_image_writer(""));
}

TEST_CASE("every image format descriptor has a writer, a reader and the imagefiletype menu token", "[image]") {
  const auto* menu = params::find_param("imagefiletype", params::Command::Movie);
  REQUIRE(menu != nullptr);
  CHECK(menu->menu.size() == image_formats().size());
  for (const auto& format : image_formats()) {
    INFO(format.token);
    const auto writer = make_image_writer(format.token);
    REQUIRE(writer);
    CHECK(writer->extension() == format.extension());
    for (const auto extension : format.extensions) {
      const fs::path name = fs::path("x").replace_extension(extension);
      CHECK(has_image_reader(name));
      std::string upper = name.string();
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      CHECK(image_format_for(upper) == &format);
    }
    CHECK(std::any_of(menu->menu.begin(), menu->menu.end(), [&](const auto& i) { return i.token == format.token; }));
  }
}

TEST_CASE("each writer stores the closest layout it can hold for every requested one", "[image]") {
  REQUIRE(kStored.size() == pixel_formats().size());
  for (size_t w = 0; w < kTokens.size(); ++w) {
    const auto writer = make_image_writer(kTokens[w]);
    for (const auto& f : pixel_formats()) {
      INFO(kTokens[w] << " from " << f.token);
      CHECK(writer->stored_format(f).token == kStored.at(std::string(f.token))[w]);
    }
  }
}

TEST_CASE("EXR round-trips every layout with exact half and float values", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("exr");
  for (const auto& f : pixel_formats()) {
    INFO(f.token);
    const auto path = tmp / (std::string(f.token) + ".exr");
    const VideoFrame stored = write_converted(*writer, path, f, 7, 5);
    CHECK(read_exr(path, stored) == stored.data);
    Imf::InputFile in(path.c_str());
    CHECK(in.header().compression() == Imf::ZIP_COMPRESSION);
  }
}

TEST_CASE("EXR writes every compression, lossless ones exactly", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("exr");
  const std::map<std::string, Imf::Compression> compressions = {
      {"none", Imf::NO_COMPRESSION},   {"rle", Imf::RLE_COMPRESSION},     {"zips", Imf::ZIPS_COMPRESSION},
      {"zip", Imf::ZIP_COMPRESSION},   {"piz", Imf::PIZ_COMPRESSION},     {"pxr24", Imf::PXR24_COMPRESSION},
      {"b44", Imf::B44_COMPRESSION},   {"b44a", Imf::B44A_COMPRESSION},   {"dwaa", Imf::DWAA_COMPRESSION},
      {"dwab", Imf::DWAB_COMPRESSION}};
  for (const auto& [token, value] : compressions)
    for (const auto* layout : {"rgba16float", "rgb32float"}) {
      INFO(token << " " << layout);
      ImageOptions options;
      options.compression = token;
      const auto path = tmp / (token + layout + ".exr");
      const VideoFrame stored = write_converted(*writer, path, format(layout), 40, 33, options);
      const auto back = read_exr(path, stored);
      CHECK(Imf::InputFile(path.c_str()).header().compression() == value);
      const bool lossless = token == "none" || token == "rle" || token == "zips" || token == "zip" || token == "piz";
      if (lossless) CHECK(back == stored.data);
    }
  ImageOptions bad;
  bad.compression = "zip9";
  try {
    writer->write(tmp / "bad.exr", test_frame(format("rgba16float"), 2, 2), bad);
    FAIL("unknown compression accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Usage);
    CHECK_THAT(e.what(), Catch::Contains("zip9"));
  }
}

TEST_CASE("EXR writes layers under their own names, converted to the picture's pixel type", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("exr");
  VideoFrame picture = test_frame(format("rgba32float"), 6, 4);
  const auto layer8 = std::make_shared<VideoFrame>(test_frame(format("rgb8fixed"), 6, 4));
  const auto layer_float = std::make_shared<VideoFrame>(test_frame(format("mono32float"), 6, 4));
  picture.layers = {layer8, layer_float};
  ImageOptions options;
  // Main alpha left out; the mono layer overwrites the picture's G.
  options.channel_names = {{"R", "G", "B", ""}, {"n.x", "n.y", "", "n.a"}, {"G", "", "", ""}};
  const auto path = tmp / "layers.exr";
  writer->write(path, picture, options);

  Imf::InputFile in(path.c_str());
  std::vector<std::string> names;
  for (auto it = in.header().channels().begin(); it != in.header().channels().end(); ++it) {
    names.push_back(it.name());
    CHECK(it.channel().type == Imf::FLOAT);
  }
  CHECK(names == std::vector<std::string>{"B", "G", "R", "n.x", "n.y"});
  std::vector<float> r(24), g(24), nx(24), ny(24);
  Imf::FrameBuffer buffer;
  for (auto [name, data] : {std::pair{"R", &r}, {"G", &g}, {"n.x", &nx}, {"n.y", &ny}})
    buffer.insert(name, Imf::Slice(Imf::FLOAT, reinterpret_cast<char*>(data->data()), 4, 24));
  in.setFrameBuffer(buffer);
  in.readPixels(0, 3);
  for (size_t i = 0; i < 24; ++i) {
    float expected_r = 0, expected_g = 0;
    std::memcpy(&expected_r, picture.data.data() + i * 16, 4);
    std::memcpy(&expected_g, layer_float->data.data() + i * 4, 4);
    CHECK(r[i] == expected_r);
    CHECK(g[i] == expected_g);
    CHECK(nx[i] == layer8->data[i * 3] / 255.0f);
    CHECK(ny[i] == layer8->data[i * 3 + 1] / 255.0f);
  }

  options.channel_names = {{"", "", "", ""}, {"", "", "", ""}, {"", "", "", ""}};
  try {
    writer->write(tmp / "empty.exr", picture, options);
    FAIL("a file without channels was written");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Usage);
    CHECK_FALSE(fs::exists(tmp / "empty.exr"));
  }
}

TEST_CASE("EXR header rows become typed attributes and chromaticities follow the colour", "[image]") {
  TempFolder tmp;
  ImageOptions options;
  options.header = {{"shot", "sh010"}, {"frameStart", "1001"}, {"exposure", "1.5"},
                    {"note", "7"},     {"note", "seven"},      {"version2", "-3"}};
  options.colour.space = find_colour_space("rec2020");  // Rec.2020 primaries, D65 white
  const auto path = tmp / "attrs.exr";
  make_image_writer("exr")->write(path, test_frame(format("rgba16float"), 4, 3), options);

  Imf::InputFile in(path.c_str());
  const Imf::Header& h = in.header();
  REQUIRE(h.findTypedAttribute<Imf::StringAttribute>("shot"));
  CHECK(h.findTypedAttribute<Imf::StringAttribute>("shot")->value() == "sh010");
  REQUIRE(h.findTypedAttribute<Imf::IntAttribute>("frameStart"));
  CHECK(h.findTypedAttribute<Imf::IntAttribute>("frameStart")->value() == 1001);
  REQUIRE(h.findTypedAttribute<Imf::FloatAttribute>("exposure"));
  CHECK(h.findTypedAttribute<Imf::FloatAttribute>("exposure")->value() == 1.5f);
  REQUIRE(h.findTypedAttribute<Imf::StringAttribute>("note"));  // the later row wins, even with another type
  CHECK(h.findTypedAttribute<Imf::StringAttribute>("note")->value() == "seven");
  REQUIRE(h.findTypedAttribute<Imf::IntAttribute>("version2"));
  CHECK(h.findTypedAttribute<Imf::IntAttribute>("version2")->value() == -3);

  REQUIRE(Imf::hasChromaticities(h));
  const Imf::Chromaticities& c = Imf::chromaticities(h);
  CHECK(c.red.x == Approx(0.708f));
  CHECK(c.red.y == Approx(0.292f));
  CHECK(c.green.x == Approx(0.170f));
  CHECK(c.green.y == Approx(0.797f));
  CHECK(c.blue.x == Approx(0.131f));
  CHECK(c.blue.y == Approx(0.046f));
  CHECK(c.white.x == Approx(0.3127f));
  CHECK(c.white.y == Approx(0.3290f));
}

TEST_CASE("EXR refuses header keys that would replace attributes it writes itself", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("exr");
  for (const char* key : {"channels", "compression", "dataWindow", "displayWindow", "lineOrder", "pixelAspectRatio",
                          "screenWindowCenter", "screenWindowWidth", "chromaticities", "type", "name", "tiles",
                          "version", "chunkCount"}) {
    INFO(key);
    ImageOptions options;
    options.header = {{"shot", "sh010"}, {key, "1"}};
    const auto path = tmp / "collide.exr";
    try {
      writer->write(path, test_frame(format("rgba16float"), 2, 2), options);
      FAIL("collision accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::Usage);
      CHECK_THAT(e.what(), Catch::Contains(std::string("\"") + key + "\"") && Catch::Contains("--headerdat"));
    }
    CHECK_FALSE(fs::exists(path));  // refused before any file was created
  }
}

TEST_CASE("PNG round-trips every layout at 8 or 16 bits with the right colour type", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("png");
  for (const auto& f : pixel_formats()) {
    INFO(f.token);
    const auto path = tmp / (std::string(f.token) + ".png");
    const VideoFrame stored = write_converted(*writer, path, f, 7, 5);
    const PngImage back = read_png(path);
    CHECK(back.width == 7);
    CHECK(back.height == 5);
    CHECK(back.bit_depth == (stored.format.sample == SampleType::U8 ? 8 : 16));
    const std::map<ChannelSet, int> types = {{ChannelSet::Mono, PNG_COLOR_TYPE_GRAY},
                                             {ChannelSet::MonoAlpha, PNG_COLOR_TYPE_GRAY_ALPHA},
                                             {ChannelSet::RGB, PNG_COLOR_TYPE_RGB},
                                             {ChannelSet::RGBA, PNG_COLOR_TYPE_RGB_ALPHA}};
    CHECK(back.colour_type == types.at(stored.format.channels));
    CHECK(back.data == stored.data);
  }
}

TEST_CASE("PNG colour chunks, compression levels and identical bytes on every run", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("png");
  const VideoFrame frame = test_frame(format("rgba16fixed"), 33, 17);

  writer->write(tmp / "a.png", frame, {});
  writer->write(tmp / "b.png", frame, {});
  const auto bytes = file_bytes(tmp / "a.png");
  CHECK(bytes == file_bytes(tmp / "b.png"));
  const auto chunks = png_chunks(bytes);
  CHECK(std::count(chunks.begin(), chunks.end(), "sRGB") == 1);
  CHECK(std::count(chunks.begin(), chunks.end(), "tIME") == 0);
  CHECK(chunks.front() == "IHDR");
  CHECK(chunks.back() == "IEND");

  SECTION("other primaries get cHRM instead of sRGB, and no gAMA unless the curve is a pure power") {
    ImageOptions options;
    options.colour.space = find_colour_space("rec2020");
    writer->write(tmp / "c.png", frame, options);
    const PngImage back = read_png(tmp / "c.png");
    CHECK_FALSE(back.srgb);
    CHECK(back.chrm);
    CHECK_FALSE(back.gama);
    CHECK(back.data == frame.data);
  }
  SECTION("linear values get gAMA 1.0") {
    ImageOptions options;
    options.colour.space = find_colour_space("srgblinear");
    writer->write(tmp / "l.png", frame, options);
    const PngImage back = read_png(tmp / "l.png");
    CHECK_FALSE(back.srgb);
    CHECK(back.gamma == 100000);
  }
  SECTION("levels 0 to 9 are lossless; anything else is refused") {
    ImageOptions stored, best;
    stored.compression = "0", best.compression = "9";
    writer->write(tmp / "0.png", frame, stored);
    writer->write(tmp / "9.png", frame, best);
    writer->write(tmp / "6.png", frame, {});
    CHECK(fs::file_size(tmp / "0.png") > fs::file_size(tmp / "6.png"));
    CHECK(fs::file_size(tmp / "6.png") >= fs::file_size(tmp / "9.png"));
    CHECK(read_png(tmp / "0.png").data == frame.data);
    CHECK(read_png(tmp / "9.png").data == frame.data);
    ImageOptions bad;
    bad.compression = "10";
    CHECK_THROWS_MATCHES(writer->write(tmp / "x.png", frame, bad), Error,
                         Catch::Predicate<Error>([](const Error& e) { return e.code() == ExitCode::Usage; }));
  }
}

TEST_CASE("PNG levels 0 to 9 each give other bytes, all decoding to the same pixels", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("png");
  const VideoFrame frame = repetitive_frame(144, 128);  // large enough for levels 8 and 9 to differ
  std::map<int, std::vector<uint8_t>> files;
  for (int level = 0; level <= 9; ++level) {
    INFO("level " << level);
    ImageOptions options;
    options.compression = std::to_string(level);
    const auto path = tmp / (std::to_string(level) + ".png");
    writer->write(path, frame, options);
    files[level] = file_bytes(path);
    const PngImage back = read_png(path);
    CHECK(back.colour_type == PNG_COLOR_TYPE_RGB_ALPHA);
    const bool same_pixels = back.data == frame.data;
    CHECK(same_pixels);
  }
  for (int a = 0; a <= 9; ++a)
    for (int b = a + 1; b <= 9; ++b) {
      INFO("levels " << a << " and " << b);
      const bool differ = files[a] != files[b];  // (a bool: Catch would print both files)
      CHECK(differ);
    }
  // Level 0 stores; 1 matches runs only; within each filter choice (1-6 Up or Sub, 7-9 every filter) more effort
  // gives smaller files.
  // (Across the two, which filters suit a picture decides: on this synthetic one every filter does worse.)
  for (int level = 1; level <= 9; ++level) CHECK(files[level].size() < files[0].size());
  CHECK(files[6].size() < files[3].size());
  CHECK(files[3].size() < files[1].size());
  CHECK(files[9].size() < files[7].size());

  SECTION("level 0 stores the rows as they are: unfiltered, in stored deflate blocks") {
    std::vector<uint8_t> rows;
    const size_t row_bytes = static_cast<size_t>(frame.width) * 4;
    for (int y = 0; y < frame.height; ++y) {
      rows.push_back(0);  // filter type None
      rows.insert(rows.end(), frame.data.begin() + y * row_bytes, frame.data.begin() + (y + 1) * row_bytes);
    }
    const bool verbatim = stored_deflate_payload(png_zlib_stream(files[0])) == rows;
    CHECK(verbatim);
  }
}

TEST_CASE("TIFF round-trips every layout with its sample format and unassociated alpha", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("tiff");
  ImageOptions options;
  options.deterministic = true;
  for (const auto& f : pixel_formats()) {
    INFO(f.token);
    const auto path = tmp / (std::string(f.token) + ".tif");
    const VideoFrame stored = write_converted(*writer, path, f, 7, 5, options);
    const TiffImage back = read_tiff(path);
    const SampleType s = stored.format.sample;
    CHECK(back.width == 7);
    CHECK(back.height == 5);
    CHECK(back.bits == (s == SampleType::U8 ? 8 : s == SampleType::U16 ? 16 : 32));
    CHECK(back.sample_format == (s == SampleType::F32 ? SAMPLEFORMAT_IEEEFP : SAMPLEFORMAT_UINT));
    const bool colour = stored.format.channels == ChannelSet::RGB || stored.format.channels == ChannelSet::RGBA;
    CHECK(back.photometric == (colour ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK));
    CHECK(back.samples == (stored.format.bytes_per_pixel / sample_bytes(s)));
    if (stored.format.has_alpha())
      CHECK(back.extra == std::vector<uint16_t>{EXTRASAMPLE_UNASSALPHA});
    else
      CHECK(back.extra.empty());
    CHECK(back.compression == COMPRESSION_ADOBE_DEFLATE);
    CHECK(back.predictor == (s == SampleType::F32 ? PREDICTOR_FLOATINGPOINT : PREDICTOR_HORIZONTAL));
    CHECK_FALSE(back.has_datetime);
    CHECK(back.data == stored.data);
  }
}

TEST_CASE("TIFF compressions are lossless; DateTime only when not deterministic", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("tiff");
  const std::map<std::string, uint16_t> compressions = {{"none", COMPRESSION_NONE},
                                                        {"lzw", COMPRESSION_LZW},
                                                        {"deflate", COMPRESSION_ADOBE_DEFLATE},
                                                        {"packbits", COMPRESSION_PACKBITS}};
  for (const auto& [token, value] : compressions)
    for (const auto* layout : {"rgb8fixed", "monoalpha16fixed", "rgba32float"}) {
      INFO(token << " " << layout);
      ImageOptions options;
      options.compression = token;
      const auto path = tmp / (token + layout + ".tif");
      // Taller than one strip, so several strips are written and read back.
      const VideoFrame frame = test_frame(format(layout), 301, 257);
      writer->write(path, frame, options);
      const TiffImage back = read_tiff(path);
      CHECK(back.compression == value);
      CHECK(back.has_datetime);  // options.deterministic is off
      CHECK(back.data == frame.data);
    }
  ImageOptions bad;
  bad.compression = "jpeg";
  CHECK_THROWS_AS(writer->write(tmp / "x.tif", test_frame(format("rgb8fixed"), 2, 2), bad), Error);
}

TEST_CASE("JPEG keeps smooth colour and grey images within 35 dB and honours chroma subsampling", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("jpeg");
  ImageOptions options;
  options.quality = 0.9;
  for (const auto* layout : {"rgb8fixed", "mono8fixed"}) {
    INFO(layout);
    const VideoFrame frame = gradient(format(layout), 64, 48);
    fs::remove(tmp / "g.jpg");  // writers create their file new
    writer->write(tmp / "g.jpg", frame, options);
    const JpegImage back = read_jpeg(tmp / "g.jpg");
    CHECK(back.width == 64);
    CHECK(back.height == 48);
    CHECK(back.components == frame.format.bytes_per_pixel);
    if (back.components == 3) {
      CHECK(back.luma_h == 2);  // 4:2:0 by default
      CHECK(back.luma_v == 2);
    }
    CHECK(psnr(back.data, frame.data) > 35.0);
  }
  options.chroma_444 = true;
  writer->write(tmp / "444.jpg", gradient(format("rgb8fixed"), 64, 48), options);
  const JpegImage full = read_jpeg(tmp / "444.jpg");
  CHECK(full.luma_h == 1);
  CHECK(full.luma_v == 1);

  SECTION("lower quality gives a smaller file") {
    ImageOptions low;
    low.quality = 0.2;
    writer->write(tmp / "low.jpg", test_frame(format("rgb8fixed"), 64, 48), low);
    writer->write(tmp / "high.jpg", test_frame(format("rgb8fixed"), 64, 48), options);
    CHECK(fs::file_size(tmp / "low.jpg") < fs::file_size(tmp / "high.jpg"));
  }
}

TEST_CASE("JPEG writes every layout as RGB or grey and warns once that alpha is dropped", "[image]") {
  TempFolder tmp;
  std::ostringstream log;
  const auto previous = spdlog::default_logger();
  spdlog::set_default_logger(
      std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_st>(log)));
  const auto writer = make_image_writer("jpeg");
  for (const auto& f : pixel_formats()) {
    INFO(f.token);
    const auto path = tmp / (std::string(f.token) + ".jpg");
    const VideoFrame stored = write_converted(*writer, path, f, 16, 8);
    const JpegImage back = read_jpeg(path);
    CHECK(back.components == stored.format.bytes_per_pixel);
    CHECK(back.width == 16);
  }
  spdlog::set_default_logger(previous);
  const std::string text = log.str();
  size_t warnings = 0;
  for (size_t at = text.find("dropped"); at != std::string::npos; at = text.find("dropped", at + 1)) ++warnings;
  CHECK(warnings == 1);
  CHECK_THAT(text, Catch::Contains("warning") && Catch::Contains("alpha"));
}

TEST_CASE("BMP stores 24-bit BGR or 32-bit BGRA with a V5 alpha mask, rows bottom-up and padded", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("bmp");
  for (const auto& f : pixel_formats()) {
    INFO(f.token);
    const auto path = tmp / (std::string(f.token) + ".bmp");
    const VideoFrame stored = write_converted(*writer, path, f, 5, 3);  // 5 x 3 bytes needs padding
    const bool alpha = stored.format.channels == ChannelSet::RGBA;
    CHECK(alpha == f.has_alpha());
    CHECK(parse_bmp(file_bytes(path), 5, 3, alpha) == stored.data);
  }
}

TEST_CASE("DDS stores RGBA8 with the legacy header and half or float with the DX10 header", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("dds");
  for (const auto& f : pixel_formats()) {
    INFO(f.token);
    const auto path = tmp / (std::string(f.token) + ".dds");
    const VideoFrame stored = write_converted(*writer, path, f, 7, 5);
    const auto bytes = file_bytes(path);
    const DdsFile d = parse_dds(bytes);
    CHECK(d.width == 7);
    CHECK(d.height == 5);
    CHECK(d.pitch == 7u * stored.format.bytes_per_pixel);
    CHECK(d.flags == (0x1u | 0x2u | 0x4u | 0x8u | 0x1000u));  // CAPS HEIGHT WIDTH PITCH PIXELFORMAT
    CHECK(d.caps == 0x1000u);                                  // DDSCAPS_TEXTURE only: no mips
    if (stored.format.sample == SampleType::U8) {
      CHECK(d.pf_flags == (0x40u | 0x1u));  // DDPF_RGB | DDPF_ALPHAPIXELS
      CHECK(d.bits == 32);
      CHECK(d.masks[0] == 0x000000FFu);
      CHECK(d.masks[1] == 0x0000FF00u);
      CHECK(d.masks[2] == 0x00FF0000u);
      CHECK(d.masks[3] == 0xFF000000u);
    } else {
      CHECK(d.pf_flags == 0x4u);
      CHECK(d.dxgi == (stored.format.sample == SampleType::F32 ? 2u : 10u));
      CHECK(d.dimension == 3u);
      CHECK(d.array_size == 1u);
      CHECK(d.alpha_mode == 1u);
    }
    REQUIRE(bytes.size() == d.data_offset + stored.data.size());
    CHECK(std::equal(stored.data.begin(), stored.data.end(), bytes.begin() + d.data_offset));
  }
}

TEST_CASE("DDS mipmaps are a full chain of area-weighted box averages, down to 1x1", "[image]") {
  TempFolder tmp;
  const auto writer = make_image_writer("dds");
  ImageOptions options;
  options.mipmaps = true;
  for (const auto* layout : {"rgba8fixed", "rgba16float", "rgba32float"})
    for (const auto& [width, height] : std::vector<std::pair<int, int>>{{5, 3}, {8, 8}, {1, 6}}) {
      INFO(layout << " " << width << "x" << height);
      const PixelFormat f = format(layout);
      const VideoFrame frame = test_frame(f, width, height);
      const auto path = tmp / "mips.dds";
      fs::remove(path);  // writers create their file new
      writer->write(path, frame, options);
      const auto bytes = file_bytes(path);
      const DdsFile d = parse_dds(bytes);
      CHECK((d.flags & 0x20000u) != 0);               // DDSD_MIPMAPCOUNT
      CHECK(d.caps == (0x1000u | 0x400000u | 0x8u));  // TEXTURE | MIPMAP | COMPLEX

      // Rebuild the chain as floats from the top level and compare level by level.
      const size_t pixel = static_cast<size_t>(f.bytes_per_pixel), size = pixel / 4;
      std::vector<float> level(static_cast<size_t>(width) * height * 4);
      for (size_t i = 0; i < level.size(); ++i) level[i] = sample_value(f.sample, frame.data.data() + i * size);
      int w = width, h = height;
      size_t offset = d.data_offset;
      uint32_t levels = 0;
      while (true) {
        ++levels;
        for (size_t i = 0; i < level.size(); ++i) {
          const float got = sample_value(f.sample, bytes.data() + offset + i * size);
          if (f.sample == SampleType::U8)
            REQUIRE(got == std::floor(level[i] + 0.5f));
          else
            REQUIRE(got == Approx(level[i]).epsilon(2e-3).margin(1e-3));
        }
        offset += level.size() * size;
        if (w == 1 && h == 1) break;
        const int nw = std::max(1, w / 2), nh = std::max(1, h / 2);
        std::vector<float> next(static_cast<size_t>(nw) * nh * 4);
        for (int y = 0; y < nh; ++y)
          for (int x = 0; x < nw; ++x)
            for (int c = 0; c < 4; ++c) {
              // Area-weighted box: the output texel covers w/nw by h/nh texels of the level above, the texels
              // at its edges counting with the part of them it covers.
              auto overlap = [](double lo, double hi, int s) { return std::max(0.0, std::min(hi, s + 1.0) - std::max(lo, double(s))); };
              const double sx0 = double(x) * w / nw, sx1 = double(x + 1) * w / nw;
              const double sy0 = double(y) * h / nh, sy1 = double(y + 1) * h / nh;
              double sum = 0;
              for (int sy = 0; sy < h; ++sy)
                for (int sx = 0; sx < w; ++sx)
                  sum += overlap(sx0, sx1, sx) * overlap(sy0, sy1, sy) * level[(static_cast<size_t>(sy) * w + sx) * 4 + c];
              next[(static_cast<size_t>(y) * nw + x) * 4 + c] = static_cast<float>(sum / ((sx1 - sx0) * (sy1 - sy0)));
            }
        // Levels are stored rounded, and the next level averages the stored values.
        if (f.sample == SampleType::U8)
          for (auto& v : next) v = std::floor(v + 0.5f);
        if (f.sample == SampleType::F16)
          for (auto& v : next) v = float(Imath::half(v));
        level = std::move(next), w = nw, h = nh;
      }
      CHECK(d.mips == levels);
      CHECK(offset == bytes.size());
    }
}

TEST_CASE("image writers fail with an output error naming the file", "[image]") {
  TempFolder tmp;
  const FullFolder full("image_full");
  for (const auto& token : kTokens) {
    INFO(token);
    const auto writer = make_image_writer(token);
    const VideoFrame frame =
        reformat(test_frame(format("rgba16fixed"), 64, 64), writer->stored_format(format("rgba16fixed")));
    auto missing = tmp / "missing" / "x";
    missing += writer->extension();
    fs::path on_full_disk = full / "x";
    on_full_disk += writer->extension();
    for (const fs::path& path : {missing, on_full_disk}) {
      INFO(path);
      if (path == on_full_disk && !full.mounted()) continue;
      try {
        writer->write(path, frame, {});
        FAIL("no error");
      } catch (const Error& e) {
        CHECK(e.code() == ExitCode::Output);
        CHECK_THAT(e.what(), Catch::Contains(path.string()));
      }
    }
  }
}

TEST_CASE("image writers refuse frames in a layout they did not ask for", "[image]") {
  TempFolder tmp;
  for (const auto& token : kTokens) {
    INFO(token);
    const auto writer = make_image_writer(token);
    auto path = tmp / "x";
    path += writer->extension();
    CHECK_THROWS_AS(writer->write(path, test_frame(format("rgb10a2fixed"), 4, 4), {}), Error);
    VideoFrame shortened = test_frame(writer->stored_format(format("rgba8fixed")), 4, 4);
    shortened.data.pop_back();
    CHECK_THROWS_AS(writer->write(path, shortened, {}), Error);
  }
}
