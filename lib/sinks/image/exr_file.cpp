#include "sinks/image/exr_file.hpp"

#include <charconv>
#include <cstdio>
#include <exception>
#include <new>
#include <span>
#include <variant>

#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfFloatAttribute.h>
#include <OpenEXR/ImfFrameBuffer.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfIO.h>
#include <OpenEXR/ImfIntAttribute.h>
#include <OpenEXR/ImfOutputFile.h>
#include <OpenEXR/ImfStandardAttributes.h>
#include <OpenEXR/ImfStringAttribute.h>
#include <OpenEXR/openexr_chunkio.h>
#include <OpenEXR/openexr_context.h>
#include <OpenEXR/openexr_encode.h>
#include <OpenEXR/openexr_part.h>

#include "sinks/image/exr_piz.hpp"
#include "sinks/image/image_file.hpp"

namespace frameout {

namespace {

static_assert(static_cast<int>(ExrCompression::Dwab) == EXR_COMPRESSION_DWAB &&
                  static_cast<int>(ExrCompression::Dwab) == Imf::DWAB_COMPRESSION &&
                  static_cast<int>(ExrCompression::Piz) == EXR_COMPRESSION_PIZ,
              "ExrCompression numbers the compressions as OpenEXR does");

// A header value as the narrowest attribute type that holds it exactly, so readers get numbers as numbers.
std::variant<int, float, std::string> typed_value(const std::string& value) {
  const char* first = value.data();
  const char* last = first + value.size();
  int as_int = 0;
  if (auto r = std::from_chars(first, last, as_int); !value.empty() && r.ec == std::errc() && r.ptr == last)
    return as_int;
  float as_float = 0;
  if (auto r = std::from_chars(first, last, as_float); !value.empty() && r.ec == std::errc() && r.ptr == last)
    return as_float;
  return value;
}

// ---- OpenEXRCore (PIZ) -----------------------------------------------------------------------------------------

// The file being written through Core: its stream and what went wrong. Core is C, so an exception from the
// stream is held here and rethrown once the failing call has returned.
class ExrTarget {
 public:
  ExrTarget(const std::filesystem::path& path, CheckedFile& file) : path_(path), file_(file) {}

  // Core's write callback: writes at `offset` (the chunk table is written last, over its placeholder).
  static int64_t write(exr_const_context_t, void* self, const void* buffer, uint64_t size, uint64_t offset,
                       exr_stream_error_func_ptr_t) {
    auto& target = *static_cast<ExrTarget*>(self);
    try {
      if (offset != target.position_ && fseeko(target.file_.get(), static_cast<off_t>(offset), SEEK_SET) != 0)
        throw target.file_.error("seek failed");
      target.file_.write(buffer, size);
      target.position_ = offset + size;
      return static_cast<int64_t>(size);
    } catch (...) {
      if (!target.failure_) target.failure_ = std::current_exception();
      return -1;
    }
  }

  // Core's error callback: keeps the first message for the error frameout reports (Core would print it).
  static void report(exr_const_context_t context, exr_result_t, const char* message) {
    void* self = nullptr;
    if (exr_get_user_data(context, &self) == EXR_ERR_SUCCESS && self != nullptr) {
      auto& target = *static_cast<ExrTarget*>(self);
      if (target.message_.empty()) target.message_ = message;
    }
  }

  // Throws the stream's own error, or Error(Output) with Core's message, unless `result` is success.
  void check(exr_result_t result) const {
    if (result == EXR_ERR_SUCCESS) return;
    if (failure_) std::rethrow_exception(failure_);
    throw image_write_error("EXR", path_, message_.empty() ? exr_get_default_error_message(result) : message_);
  }

 private:
  const std::filesystem::path& path_;
  CheckedFile& file_;
  uint64_t position_ = 0;
  std::exception_ptr failure_;
  std::string message_;
};

// A Core write context, finished when it goes out of scope on an error path (the file is discarded then).
struct WriteContext {
  exr_context_t handle = nullptr;
  WriteContext() = default;
  WriteContext(const WriteContext&) = delete;
  WriteContext& operator=(const WriteContext&) = delete;
  ~WriteContext() {
    if (handle != nullptr) exr_finish(&handle);
  }
  operator exr_context_t() const { return handle; }
};

// Core's encode pipeline for one part's chunks, reused from chunk to chunk; destroyed before the context.
struct ChunkEncoder {
  exr_context_t context;
  exr_encode_pipeline_t pipeline = EXR_ENCODE_PIPELINE_INITIALIZER;
  explicit ChunkEncoder(exr_context_t c) : context(c) {}
  ChunkEncoder(const ChunkEncoder&) = delete;
  ChunkEncoder& operator=(const ChunkEncoder&) = delete;
  ~ChunkEncoder() { exr_encoding_destroy(context, &pipeline); }
};

// PIZ chunks are compressed by frameout's PizEncoder instead of Core's: the encode pipeline packs each chunk,
// these two callbacks compress and write it.
struct PizChunks {
  PizEncoder encoder;
  std::vector<PizChannel> channels;
  std::span<const uint8_t> stream;

  static exr_result_t compress(exr_encode_pipeline_t* pipeline) {
    auto& self = *static_cast<PizChunks*>(pipeline->encoding_user_data);
    const std::span<const uint8_t> packed(static_cast<const uint8_t*>(pipeline->packed_buffer),
                                          pipeline->packed_bytes);
    self.channels.clear();
    for (int c = 0; c < pipeline->channel_count; ++c)
      self.channels.push_back({pipeline->channels[c].width, pipeline->channels[c].bytes_per_element / 2});
    try {
      self.stream = self.encoder.compress(packed, pipeline->chunk.height, self.channels);
    } catch (const std::bad_alloc&) {
      return EXR_ERR_OUT_OF_MEMORY;
    } catch (const std::exception&) {
      return EXR_ERR_INVALID_ARGUMENT;  // a chunk that does not match its channels: a bug, said as such
    }
    if (self.stream.empty()) self.stream = packed;  // not smaller: stored as it is
    return EXR_ERR_SUCCESS;
  }

  static exr_result_t write(exr_encode_pipeline_t* pipeline) {
    const auto& self = *static_cast<const PizChunks*>(pipeline->encoding_user_data);
    return exr_write_scanline_chunk(const_cast<exr_context_t>(pipeline->context), pipeline->part_index,
                                    pipeline->chunk.start_y, self.stream.data(), self.stream.size());
  }
};

// Core packs the chunks and writes the file; PizChunks compresses them.
void write_piz_with_core(const std::filesystem::path& path, const ExrImage& image, CheckedFile& file) {
  ExrTarget target(path, file);
  exr_context_initializer_t init = EXR_DEFAULT_CONTEXT_INITIALIZER;
  init.user_data = &target;
  init.write_fn = &ExrTarget::write;
  init.error_handler_fn = &ExrTarget::report;
  WriteContext context;
  target.check(exr_start_write(&context.handle, path.c_str(), EXR_WRITE_FILE_DIRECTLY, &init));

  int part = 0;
  const exr_pixel_type_t type = image.is_float ? EXR_PIXEL_FLOAT : EXR_PIXEL_HALF;
  target.check(exr_add_part(context, nullptr, EXR_STORAGE_SCANLINE, &part));
  target.check(exr_initialize_required_attr_simple(context, part, image.width, image.height, EXR_COMPRESSION_PIZ));
  for (const auto& channel : image.channels)
    target.check(exr_add_channel(context, part, channel.name.c_str(), type, EXR_PERCEPTUALLY_LOGARITHMIC, 1, 1));
  if (const auto& c = image.chromaticities) {
    const exr_attr_chromaticities_t chromaticities{(*c)[0], (*c)[1], (*c)[2], (*c)[3],
                                                   (*c)[4], (*c)[5], (*c)[6], (*c)[7]};
    target.check(exr_attr_set_chromaticities(context, part, "chromaticities", &chromaticities));
  }
  if (image.white_luminance)
    target.check(exr_attr_set_float(context, part, "whiteLuminance", *image.white_luminance));
  for (const auto& [key, text] : image.attributes) {
    const auto value = typed_value(text);
    if (const int* i = std::get_if<int>(&value)) {
      target.check(exr_attr_set_int(context, part, key.c_str(), *i));
    } else if (const float* f = std::get_if<float>(&value)) {
      target.check(exr_attr_set_float(context, part, key.c_str(), *f));
    } else {
      target.check(exr_attr_set_string(context, part, key.c_str(), text.c_str()));
    }
  }
  target.check(exr_write_header(context));

  int lines_per_chunk = 1;
  target.check(exr_get_scanlines_per_chunk(context, part, &lines_per_chunk));
  {
    ChunkEncoder encoder(context);
    exr_encode_pipeline_t& pipeline = encoder.pipeline;
    PizChunks piz;
    const int sample_bytes = image.is_float ? 4 : 2;
    for (int y = 0; y < image.height; y += lines_per_chunk) {
      exr_chunk_info_t chunk;
      target.check(exr_write_scanline_chunk_info(context, part, y, &chunk));
      target.check(y == 0 ? exr_encoding_initialize(context, part, &chunk, &pipeline)
                          : exr_encoding_update(context, part, &chunk, &pipeline));
      for (int i = 0; i < pipeline.channel_count; ++i) {
        exr_coding_channel_info_t& coded = pipeline.channels[i];
        for (const auto& channel : image.channels) {
          if (channel.name != coded.channel_name) continue;
          coded.encode_from_ptr = channel.base + static_cast<size_t>(y) * static_cast<size_t>(channel.line_bytes);
          coded.user_pixel_stride = channel.pixel_bytes;
          coded.user_line_stride = channel.line_bytes;
        }
        coded.user_bytes_per_element = static_cast<int16_t>(sample_bytes);
        coded.user_data_type = static_cast<uint16_t>(type);
      }
      if (y == 0) {
        target.check(exr_encoding_choose_default_routines(context, part, &pipeline));
        pipeline.encoding_user_data = &piz;
        pipeline.compress_fn = &PizChunks::compress;
        pipeline.write_fn = &PizChunks::write;
      }
      target.check(exr_encoding_run(context, part, &pipeline));
    }
  }
  target.check(exr_finish(&context.handle));
}

// ---- the C++ library (every other compression) -----------------------------------------------------------------

// Writes through CheckedFile rather than OpenEXR's own ofstream: OpenEXR writes the line-offset table in
// OutputFile's destructor and swallows any error there, so only the stream's close can report a full disk.
class CheckedExrStream final : public Imf::OStream {
 public:
  CheckedExrStream(const std::filesystem::path& path, CheckedFile& file) : Imf::OStream(path.c_str()), file_(file) {}
  void write(const char c[], int n) override { file_.write(c, static_cast<size_t>(n)); }
  uint64_t tellp() override { return static_cast<uint64_t>(ftello(file_.get())); }
  void seekp(uint64_t pos) override {
    if (fseeko(file_.get(), static_cast<off_t>(pos), SEEK_SET) != 0) throw file_.error("seek failed");
  }

 private:
  CheckedFile& file_;
};

void write_with_imf(const std::filesystem::path& path, const ExrImage& image, CheckedFile& file) {
  Imf::Header header(image.width, image.height, 1.0f, Imath::V2f(0, 0), 1.0f, Imf::INCREASING_Y,
                     static_cast<Imf::Compression>(image.compression));
  if (const auto& c = image.chromaticities)
    Imf::addChromaticities(header, Imf::Chromaticities(Imath::V2f((*c)[0], (*c)[1]), Imath::V2f((*c)[2], (*c)[3]),
                                                       Imath::V2f((*c)[4], (*c)[5]), Imath::V2f((*c)[6], (*c)[7])));
  if (image.white_luminance) Imf::addWhiteLuminance(header, *image.white_luminance);
  for (const auto& [key, text] : image.attributes) {
    const auto value = typed_value(text);
    if (const int* i = std::get_if<int>(&value)) {
      header.insert(key, Imf::IntAttribute(*i));
    } else if (const float* f = std::get_if<float>(&value)) {
      header.insert(key, Imf::FloatAttribute(*f));
    } else {
      header.insert(key, Imf::StringAttribute(text));
    }
  }
  const Imf::PixelType type = image.is_float ? Imf::FLOAT : Imf::HALF;
  Imf::FrameBuffer buffer;
  for (const auto& channel : image.channels) {
    header.channels().insert(channel.name, Imf::Channel(type));
    // Slices only read from the frame; OpenEXR's API takes a mutable pointer for both directions.
    buffer.insert(channel.name, Imf::Slice(type, reinterpret_cast<char*>(const_cast<uint8_t*>(channel.base)),
                                           static_cast<size_t>(channel.pixel_bytes),
                                           static_cast<size_t>(channel.line_bytes)));
  }
  try {
    CheckedExrStream stream(path, file);
    // No OpenEXR worker threads: the image pipeline already writes several files at once.
    Imf::OutputFile out(stream, header, 0);
    out.setFrameBuffer(buffer);
    out.writePixels(image.height);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw image_write_error("EXR", path, e.what());
  }
}

}  // namespace

void write_exr_file(const std::filesystem::path& path, const ExrImage& image) {
  CheckedFile file(path, "EXR");
  if (image.compression == ExrCompression::Piz) {
    write_piz_with_core(path, image, file);
  } else {
    write_with_imf(path, image, file);
  }
  file.close();
}

}  // namespace frameout
