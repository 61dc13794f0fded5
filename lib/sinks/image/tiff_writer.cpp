#include "sinks/image/tiff_writer.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <tiffio.h>

#include "system/new_file.hpp"
#include "sinks/image/icc_profile.hpp"
#include "sinks/image/image_file.hpp"

namespace frameout {

namespace {

// Strips of about this many bytes: large enough for deflate to find matches, small enough to stay in cache.
constexpr size_t kStripBytes = 64 * 1024;

uint16_t tiff_compression(const std::string& token) {
  if (token.empty() || token == "deflate") return COMPRESSION_ADOBE_DEFLATE;
  if (token == "lzw") return COMPRESSION_LZW;
  if (token == "packbits") return COMPRESSION_PACKBITS;
  if (token == "none") return COMPRESSION_NONE;
  throw Error(ExitCode::Usage, fmt::format("TIFF compression \"{}\" (--tiff-compression) is not one of none, lzw, "
                                           "deflate, packbits",
                                           token));
}

// libtiff reports through handlers rather than return values alone; the first error is kept for the message.
int on_tiff_error(TIFF*, void* user_data, const char* module, const char* format, va_list args) {
  auto* first_error = static_cast<std::string*>(user_data);
  if (first_error->empty()) {
    char text[512];
    std::vsnprintf(text, sizeof text, format, args);
    *first_error = module ? fmt::format("{}: {}", module, text) : std::string(text);
  }
  return 1;
}

int on_tiff_warning(TIFF*, void*, const char* module, const char* format, va_list args) {
  char text[512];
  std::vsnprintf(text, sizeof text, format, args);
  spdlog::debug("libtiff: {}: {}", module ? module : "", text);
  return 1;
}

std::string tiff_datetime() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[20];
  std::strftime(text, sizeof text, "%Y:%m:%d %H:%M:%S", &local);  // the TIFF 6.0 DateTime form
  return text;
}

}  // namespace

PixelFormat TiffWriter::stored_format(const PixelFormat& requested) const {
  // Grey and RGB photometrics only: RG gains a zero blue, a lone alpha becomes grey+alpha (grey = alpha).
  ChannelSet channels = requested.channels;
  if (channels == ChannelSet::RG) channels = ChannelSet::RGB;
  if (channels == ChannelSet::Alpha) channels = ChannelSet::MonoAlpha;
  // Half is widened to float (16-bit float TIFF is poorly supported); packed formats to 16 bit or float.
  SampleType sample = requested.sample;
  if (sample == SampleType::F16 || sample == SampleType::Packed11_11_10F) sample = SampleType::F32;
  if (sample == SampleType::Packed10_10_10_2) sample = SampleType::U16;
  if (requested.sample == SampleType::Packed11_11_10F) channels = ChannelSet::RGB;
  if (requested.sample == sample && requested.channels == channels) return requested;
  return image_layout(sample, channels);
}

void TiffWriter::write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions& options) const {
  check_image_frame("TIFF", path, frame, stored_format(frame.format));
  const uint16_t compression = tiff_compression(options.compression);
  const PixelFormat& format = frame.format;
  const int channels = channel_count(format.channels);
  const bool is_float = format.sample == SampleType::F32;
  const int bits = format.sample == SampleType::U8 ? 8 : format.sample == SampleType::U16 ? 16 : 32;
  const size_t row_bytes = format.frame_bytes(frame.width, 1);
  const uint32_t rows_per_strip =
      static_cast<uint32_t>(std::clamp<size_t>(kStripBytes / row_bytes, 1, static_cast<size_t>(frame.height)));

  std::string first_error;
  std::unique_ptr<TIFFOpenOptions, decltype(&TIFFOpenOptionsFree)> open_options(TIFFOpenOptionsAlloc(),
                                                                                 TIFFOpenOptionsFree);
  TIFFOpenOptionsSetErrorHandlerExtR(open_options.get(), on_tiff_error, &first_error);
  TIFFOpenOptionsSetWarningHandlerExtR(open_options.get(), on_tiff_warning, nullptr);
  auto fail = [&](std::string_view what) {
    return image_write_error("TIFF", path, first_error.empty() ? std::string(what) : first_error);
  };
  const int fd = create_new_file(path);
  if (fd < 0) throw fail(std::strerror(-fd));
  // TIFFClose closes the descriptor; a failed open leaves it to us.
  std::unique_ptr<TIFF, decltype(&TIFFClose)> tif(TIFFFdOpenExt(fd, path.c_str(), "w", open_options.get()), TIFFClose);
  if (!tif) {
    ::close(fd);
    throw fail("cannot create the file");
  }

  TIFF* t = tif.get();
  TIFFSetField(t, TIFFTAG_IMAGEWIDTH, static_cast<uint32_t>(frame.width));
  TIFFSetField(t, TIFFTAG_IMAGELENGTH, static_cast<uint32_t>(frame.height));
  TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, static_cast<uint16_t>(channels));
  TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, static_cast<uint16_t>(bits));
  TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, is_float ? SAMPLEFORMAT_IEEEFP : SAMPLEFORMAT_UINT);
  const bool colour = format.channels == ChannelSet::RGB || format.channels == ChannelSet::RGBA;
  TIFFSetField(t, TIFFTAG_PHOTOMETRIC, colour ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
  TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(t, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT);
  if (format.has_alpha()) {
    // Frames carry straight (not premultiplied) alpha.
    const uint16_t extra[] = {EXTRASAMPLE_UNASSALPHA};
    TIFFSetField(t, TIFFTAG_EXTRASAMPLES, 1, extra);
  }
  TIFFSetField(t, TIFFTAG_COMPRESSION, compression);
  if (compression == COMPRESSION_ADOBE_DEFLATE || compression == COMPRESSION_LZW)
    // Differencing neighbours makes smooth images far more compressible; floats need the byte-plane variant.
    TIFFSetField(t, TIFFTAG_PREDICTOR, is_float ? PREDICTOR_FLOATINGPOINT : PREDICTOR_HORIZONTAL);
  TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, rows_per_strip);
  const std::vector<uint8_t> icc = icc_profile(*options.colour.space, colour ? IccChannels::Rgb : IccChannels::Grey);
  if (!icc.empty()) TIFFSetField(t, TIFFTAG_ICCPROFILE, static_cast<uint32_t>(icc.size()), icc.data());
  TIFFSetField(t, TIFFTAG_SOFTWARE, "frameout");
  if (!options.deterministic) TIFFSetField(t, TIFFTAG_DATETIME, tiff_datetime().c_str());

  // libtiff's predictors difference the caller's buffer in place, so each strip goes through a copy.
  std::vector<uint8_t> strip(row_bytes * rows_per_strip);
  for (uint32_t y = 0, index = 0; y < static_cast<uint32_t>(frame.height); y += rows_per_strip, ++index) {
    const uint32_t rows = std::min<uint32_t>(rows_per_strip, static_cast<uint32_t>(frame.height) - y);
    const size_t bytes = row_bytes * rows;
    std::memcpy(strip.data(), frame.pixels() + row_bytes * y, bytes);
    if (TIFFWriteEncodedStrip(t, index, strip.data(), static_cast<tmsize_t>(bytes)) < 0) throw fail("write failed");
  }
  if (!TIFFWriteDirectory(t)) throw fail("writing the directory failed");
  // TIFFClose returns nothing: a failed final flush shows only through the error handler.
  tif.reset();
  if (!first_error.empty()) throw fail("");
}

}  // namespace frameout
