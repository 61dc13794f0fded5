#include "sinks/image/jpeg_writer.hpp"

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <vector>

// jpeglib.h needs size_t and FILE declared first.
#include <jpeglib.h>
#include <spdlog/spdlog.h>

#include "sinks/image/icc_profile.hpp"
#include "sinks/image/image_file.hpp"

namespace frameout {

namespace {

// libjpeg's error manager, extended with the jump target and the message of the error that ended the run.
struct JpegFailure {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void on_jpeg_error(j_common_ptr cinfo) {
  auto* failure = reinterpret_cast<JpegFailure*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, failure->message);
  std::longjmp(failure->jump, 1);
}

void on_jpeg_message(j_common_ptr cinfo) {
  char text[JMSG_LENGTH_MAX];
  (*cinfo->err->format_message)(cinfo, text);
  spdlog::debug("libjpeg: {}", text);
}

struct JpegSettings {
  int width, height, components, quality;
  bool chroma_444;
  const uint8_t* icc;  // ICC profile written after the JFIF header, or null
  unsigned icc_size;
};

// libjpeg reports errors by longjmp to the setjmp here, so this function holds no object with a destructor
// and every C++ object it uses lives in the caller. Returns false with `failure` filled on error.
bool encode_jpeg(std::FILE* file, const JpegSettings& s, JSAMPARRAY rows, JpegFailure& failure) {
  jpeg_compress_struct cinfo{};
  cinfo.err = jpeg_std_error(&failure.manager);
  failure.manager.error_exit = on_jpeg_error;
  failure.manager.output_message = on_jpeg_message;
  if (setjmp(failure.jump)) {
    jpeg_destroy_compress(&cinfo);
    return false;
  }
  jpeg_create_compress(&cinfo);
  jpeg_stdio_dest(&cinfo, file);
  cinfo.image_width = static_cast<JDIMENSION>(s.width);
  cinfo.image_height = static_cast<JDIMENSION>(s.height);
  cinfo.input_components = s.components;
  cinfo.in_color_space = s.components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, s.quality, TRUE);
  // The defaults subsample chroma 2x2 (4:2:0); 4:4:4 keeps full-resolution chroma.
  if (s.chroma_444 && s.components == 3) cinfo.comp_info[0].h_samp_factor = cinfo.comp_info[0].v_samp_factor = 1;
  jpeg_start_compress(&cinfo, TRUE);
  if (s.icc != nullptr) jpeg_write_icc_profile(&cinfo, s.icc, s.icc_size);
  while (cinfo.next_scanline < cinfo.image_height)
    jpeg_write_scanlines(&cinfo, rows + cinfo.next_scanline, cinfo.image_height - cinfo.next_scanline);
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  return true;
}

}  // namespace

PixelFormat JpegWriter::stored_format(const PixelFormat& requested) const {
  // A lone alpha channel is the only data there is, so it is kept as grey rather than dropped.
  const bool drops_alpha = requested.channels == ChannelSet::RGBA || requested.channels == ChannelSet::MonoAlpha;
  if (drops_alpha && !warned_alpha_.exchange(true))
    spdlog::warn("JPEG has no alpha channel: the alpha of {} frames is dropped", requested.token);
  const bool grey = requested.channels == ChannelSet::Mono || requested.channels == ChannelSet::MonoAlpha ||
                    requested.channels == ChannelSet::Alpha;
  const ChannelSet channels = grey ? ChannelSet::Mono : ChannelSet::RGB;
  if (requested.sample == SampleType::U8 && requested.channels == channels) return requested;
  return image_layout(SampleType::U8, channels);
}

void JpegWriter::write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions& options) const {
  const bool grey = frame.format.channels == ChannelSet::Mono;
  check_image_frame("JPEG", path, frame, image_layout(SampleType::U8, grey ? ChannelSet::Mono : ChannelSet::RGB));
  // The profile describes the RGB (or grey) values; JPEG's own Y'CbCr step is undone by every decoder first.
  const std::vector<uint8_t> icc = icc_profile(*options.colour.space, grey ? IccChannels::Grey : IccChannels::Rgb);
  const JpegSettings settings{frame.width,
                              frame.height,
                              grey ? 1 : 3,
                              std::clamp(static_cast<int>(std::lround(options.quality * 100.0)), 1, 100),
                              options.chroma_444,
                              icc.empty() ? nullptr : icc.data(),
                              static_cast<unsigned>(icc.size())};

  const size_t row_bytes = frame.format.frame_bytes(frame.width, 1);
  std::vector<JSAMPROW> rows(static_cast<size_t>(frame.height));
  // libjpeg takes non-const rows but only reads them (colour conversion works into its own buffers).
  auto* data = const_cast<JSAMPLE*>(frame.pixels());
  for (size_t y = 0; y < rows.size(); ++y) rows[y] = data + y * row_bytes;

  CheckedFile file(path, "JPEG");
  JpegFailure failure{};
  if (!encode_jpeg(file.get(), settings, rows.data(), failure)) throw file.error(failure.message);
  file.close();
}

}  // namespace frameout
