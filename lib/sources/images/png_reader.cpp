// PNG through libpng's classic API, which (unlike the simplified one) hands 16-bit samples over unchanged.

#include <csetjmp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <png.h>

#include "sources/images/format_readers.hpp"

namespace frameout {

namespace {

struct PngReadState {
  png_structp png = nullptr;
  png_infop info = nullptr;
  std::string error;  // libpng's message, kept until the longjmp has unwound
};

void on_png_error(png_structp png, png_const_charp message) {
  static_cast<PngReadState*>(png_get_error_ptr(png))->error = message;
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

// Everything between setjmp and the longjmp target lives outside this function or is trivially
// destructible, so libpng's longjmp skips no destructor.
bool decode_png(PngReadState& state, FILE* file, const std::filesystem::path& path, const ImageReadOptions& options,
                VideoFrame& frame, std::vector<png_bytep>& rows) {
  if (setjmp(png_jmpbuf(state.png))) return false;
  png_init_io(state.png, file);
  png_read_info(state.png, state.info);
  check_image_size(path, png_get_image_width(state.png, state.info), png_get_image_height(state.png, state.info), options);
  const int bit_depth = png_get_bit_depth(state.png, state.info);
  const int color_type = png_get_color_type(state.png, state.info);
  // Palettes and 1/2/4-bit grey become 8-bit; a tRNS chunk becomes a real alpha channel.
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(state.png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(state.png);
  if (png_get_valid(state.png, state.info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(state.png);
  if (bit_depth == 16) png_set_swap(state.png);  // PNG is big-endian, frames are little-endian
  png_set_interlace_handling(state.png);
  png_read_update_info(state.png, state.info);

  ChannelSet channels = ChannelSet::RGBA;
  switch (png_get_color_type(state.png, state.info)) {
    case PNG_COLOR_TYPE_GRAY: channels = ChannelSet::Mono; break;
    case PNG_COLOR_TYPE_GRAY_ALPHA: channels = ChannelSet::MonoAlpha; break;
    case PNG_COLOR_TYPE_RGB: channels = ChannelSet::RGB; break;
    default: channels = ChannelSet::RGBA; break;
  }
  const SampleType sample = png_get_bit_depth(state.png, state.info) == 16 ? SampleType::U16 : SampleType::U8;
  frame = blank_image(path, png_get_image_width(state.png, state.info), png_get_image_height(state.png, state.info),
                      image_read_layout(sample, channels), options, std::move(frame.data));
  if (png_get_rowbytes(state.png, state.info) != frame.format.frame_bytes(frame.width, 1)) {
    state.error = "unexpected row size after expansion";
    return false;
  }
  rows.resize(static_cast<size_t>(frame.height));
  for (int y = 0; y < frame.height; ++y) rows[y] = frame.data.data() + frame.format.frame_bytes(frame.width, y);
  png_read_image(state.png, rows.data());
  png_read_end(state.png, nullptr);
  return true;
}

}  // namespace

VideoFrame read_png(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw image_read_error(path, "cannot open the file");
  png_byte signature[8] = {};
  if (std::fread(signature, 1, 8, file.get()) != 8 || png_sig_cmp(signature, 0, 8) != 0)
    throw image_read_error(path, "not a PNG file");

  PngReadState state;
  state.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, on_png_error, on_png_warning);
  if (state.png) state.info = png_create_info_struct(state.png);
  if (!state.info) {
    png_destroy_read_struct(&state.png, nullptr, nullptr);
    throw image_read_error(path, "out of memory");
  }
  png_set_sig_bytes(state.png, 8);
  VideoFrame frame;
  frame.data = std::move(reuse);
  std::vector<png_bytep> rows;
  bool ok = false;
  try {
    ok = decode_png(state, file.get(), path, options, frame, rows);
  } catch (...) {
    png_destroy_read_struct(&state.png, &state.info, nullptr);
    throw;
  }
  png_destroy_read_struct(&state.png, &state.info, nullptr);
  if (!ok) throw image_read_error(path, state.error.empty() ? "damaged PNG data" : state.error);
  return frame;
}

}  // namespace frameout
