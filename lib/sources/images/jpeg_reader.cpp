// JPEG through libjpeg(-turbo). Greyscale files stay one channel; everything else is decoded to RGB.

#include <csetjmp>
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <jpeglib.h>
#include <jerror.h>
#include <spdlog/spdlog.h>

#include "sources/images/format_readers.hpp"

namespace frameout {

namespace {

// libjpeg's error manager must come first so its callbacks can find the rest from the pointer they get.
struct JpegErrorState {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  char warning[JMSG_LENGTH_MAX];  // the first warning, "" when none
  bool truncated = false;         // the data ended before the picture did
};

void on_jpeg_error(j_common_ptr info) {
  auto* state = reinterpret_cast<JpegErrorState*>(info->err);
  info->err->format_message(info, state->message);
  std::longjmp(state->jump, 1);
}

// libjpeg decodes damaged data with warnings only (level -1); "premature end" means the rest of the picture
// is made up, which frameout reports as an input error rather than writing grey rows.
void on_jpeg_message(j_common_ptr info, int level) {
  if (level >= 0) return;  // trace messages
  auto* state = reinterpret_cast<JpegErrorState*>(info->err);
  if (state->warning[0] == '\0') info->err->format_message(info, state->warning);
  if (info->err->msg_code == JWRN_JPEG_EOF) state->truncated = true;
}

// Everything touched after setjmp is owned by the caller, so the longjmp skips no destructor.
bool decode_jpeg(jpeg_decompress_struct& info, JpegErrorState& errors, FILE* file, const std::filesystem::path& path,
                 const ImageReadOptions& options, VideoFrame& frame) {
  if (setjmp(errors.jump)) return false;
  jpeg_create_decompress(&info);
  jpeg_stdio_src(&info, file);
  jpeg_read_header(&info, TRUE);
  const bool grey = info.jpeg_color_space == JCS_GRAYSCALE;
  info.out_color_space = grey ? JCS_GRAYSCALE : JCS_RGB;
  check_image_size(path, info.image_width, info.image_height, options);  // libjpeg allocates row buffers next
  jpeg_start_decompress(&info);
  frame = blank_image(path, info.output_width, info.output_height,
                      image_read_layout(SampleType::U8, grey ? ChannelSet::Mono : ChannelSet::RGB), options,
                      std::move(frame.data));
  const size_t row_bytes = frame.format.frame_bytes(frame.width, 1);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = frame.data.data() + row_bytes * info.output_scanline;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  return true;
}

}  // namespace

VideoFrame read_jpeg(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw image_read_error(path, "cannot open the file");
  jpeg_decompress_struct info{};
  JpegErrorState errors{};
  info.err = jpeg_std_error(&errors.manager);
  errors.manager.error_exit = on_jpeg_error;
  errors.manager.emit_message = on_jpeg_message;
  VideoFrame frame;
  frame.data = std::move(reuse);
  bool ok = false;
  try {
    ok = decode_jpeg(info, errors, file.get(), path, options, frame);
  } catch (...) {
    jpeg_destroy_decompress(&info);
    throw;
  }
  jpeg_destroy_decompress(&info);
  if (!ok) throw image_read_error(path, errors.message);
  if (errors.truncated) throw image_read_error(path, fmt::format("the file is truncated ({})", errors.warning));
  if (errors.warning[0] != '\0') spdlog::warn("image \"{}\": {}", path.string(), errors.warning);
  return frame;
}

}  // namespace frameout
