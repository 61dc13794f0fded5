#include "sources/images/exr_scanline_decode.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <openexr.h>

#include "sources/images/format_readers.hpp"

namespace frameout {

namespace {

void ignore_error(exr_const_context_t, exr_result_t, const char*) {}  // the message is built from the code

//! An open OpenEXRCore read context and the decode pipeline of its part 0, released together.
class CoreReader {
 public:
  explicit CoreReader(const std::filesystem::path& path) : path_(path) {
    exr_context_initializer_t init = EXR_DEFAULT_CONTEXT_INITIALIZER;
    init.error_handler_fn = ignore_error;
    check(exr_start_read(&context_, path.c_str(), &init));
  }
  ~CoreReader() {
    if (started_) exr_decoding_destroy(context_, &decoder_);
    exr_finish(&context_);
  }
  CoreReader(const CoreReader&) = delete;
  CoreReader& operator=(const CoreReader&) = delete;

  exr_context_t context() const { return context_; }
  exr_decode_pipeline_t& decoder() { return decoder_; }

  //! Sets the decoder up for the chunk `info`: the first time it is initialised, then updated.
  void start_chunk(const exr_chunk_info_t& info) {
    if (started_) {
      check(exr_decoding_update(context_, 0, &info, &decoder_));
    } else {
      check(exr_decoding_initialize(context_, 0, &info, &decoder_));
      started_ = true;
    }
  }

  //! Throws the input error for a failed call.
  void check(exr_result_t result) const {
    if (result != EXR_ERR_SUCCESS)
      throw image_read_error(path_, fmt::format("decoding failed ({})", exr_get_default_error_message(result)));
  }

 private:
  const std::filesystem::path& path_;
  exr_context_t context_ = nullptr;
  exr_decode_pipeline_t decoder_ = EXR_DECODE_PIPELINE_INITIALIZER;
  bool started_ = false;
};

// Whether part 0 is scan lines, the only part, and stores each named channel present at `sample_bytes`.
bool readable(exr_context_t context, const std::vector<std::string>& names, size_t sample_bytes) {
  int parts = 0;
  exr_storage_t storage{};
  const exr_attr_chlist_t* channels = nullptr;
  if (exr_get_count(context, &parts) != EXR_ERR_SUCCESS || parts != 1 ||
      exr_get_storage(context, 0, &storage) != EXR_ERR_SUCCESS || storage != EXR_STORAGE_SCANLINE ||
      exr_get_channels(context, 0, &channels) != EXR_ERR_SUCCESS)
    return false;
  for (int c = 0; c < channels->num_channels; ++c) {
    const exr_attr_chlist_entry_t& entry = channels->entries[c];
    const bool wanted = std::find(names.begin(), names.end(), std::string(entry.name.str, entry.name.length)) != names.end();
    const size_t stored = entry.pixel_type == EXR_PIXEL_HALF ? 2 : 4;
    if (wanted && (stored != sample_bytes || entry.pixel_type == EXR_PIXEL_UINT)) return false;
  }
  return true;
}

}  // namespace

bool decode_exr_scanlines(const std::filesystem::path& path, const std::vector<std::string>& names,
                          const ExrDecodeTarget& target) {
  CoreReader reader(path);
  if (!readable(reader.context(), names, target.sample_bytes)) return false;
  exr_attr_box2i_t window{};
  int lines_per_chunk = 0;
  reader.check(exr_get_data_window(reader.context(), 0, &window));
  reader.check(exr_get_scanlines_per_chunk(reader.context(), 0, &lines_per_chunk));
  for (int64_t y = window.min.y; y <= window.max.y; y += lines_per_chunk) {
    exr_chunk_info_t chunk{};
    reader.check(exr_read_scanline_chunk_info(reader.context(), 0, static_cast<int>(y), &chunk));
    reader.start_chunk(chunk);
    exr_decode_pipeline_t& decoder = reader.decoder();
    unsigned char* line = target.pixels + static_cast<size_t>(chunk.start_y - window.min.y) * target.line_bytes;
    for (int16_t c = 0; c < decoder.channel_count; ++c) {
      exr_coding_channel_info_t& channel = decoder.channels[c];
      const auto it = std::find(names.begin(), names.end(), channel.channel_name);
      channel.decode_to_ptr = it == names.end() ? nullptr : line + static_cast<size_t>(it - names.begin()) * target.sample_bytes;
      channel.user_pixel_stride = static_cast<int32_t>(target.pixel_bytes);
      channel.user_line_stride = static_cast<int32_t>(target.line_bytes);
      channel.user_bytes_per_element = static_cast<int16_t>(target.sample_bytes);
      channel.user_data_type = channel.data_type;
    }
    reader.check(exr_decoding_choose_default_routines(reader.context(), 0, &decoder));
    reader.check(exr_decoding_run(reader.context(), 0, &decoder));
  }
  return true;
}

}  // namespace frameout
