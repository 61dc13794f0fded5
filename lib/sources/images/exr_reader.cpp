// EXR: scan-line files through OpenEXRCore (exr_scanline_decode.hpp), tiled and multi-part ones through
// OpenEXR's InputFile (the first part).
//
// Channel choice within the default layer (names without a '.') or the layer given with --exr-layer:
//   R,G,B[,A] → RGB / RGBA (a missing one of R,G,B reads as 0); R,G alone → RG; Y[,A] → mono / mono+alpha;
//   A alone → alpha; anything else (Z, N.X/N.Y/N.Z, ...) → its first 1-4 channels in stored order.
// All-half channels stay half; any float or uint channel makes the frame float.

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <ImfChannelList.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfInputFile.h>
#include <ImfStdIO.h>
#include <ImfTileDescription.h>
#include <ImfXdr.h>
#include <fmt/format.h>
#include <openexr.h>

#include "sources/images/channel_mask.hpp"
#include "sources/images/exr_scanline_decode.hpp"
#include "sources/images/format_readers.hpp"

namespace frameout {

namespace {

//! Which channels become the frame's, in frame order, and the layout they make.
struct ExrSelection {
  std::vector<std::string> names;  // full channel names ("diffuse.R"); may name absent channels (read as 0)
  ChannelSet channels;
};

std::string layer_list(const Imf::ChannelList& list) {
  std::set<std::string> layers;
  list.layers(layers);
  if (layers.empty()) return "it has no named layers";
  std::string text;
  for (const std::string& l : layers) text += (text.empty() ? "" : ", ") + l;
  return "its layers are " + text;
}

ExrSelection select_channels(const std::filesystem::path& path, const Imf::ChannelList& list, const std::string& layer) {
  const std::string prefix = layer.empty() ? "" : layer + ".";
  std::vector<std::string> short_names;  // within the layer, in stored (alphabetical) order
  for (auto it = list.begin(); it != list.end(); ++it) {
    const std::string name = it.name();
    if (name.compare(0, prefix.size(), prefix) == 0 && name.find('.', prefix.size()) == std::string::npos)
      short_names.push_back(name.substr(prefix.size()));
  }
  if (short_names.empty()) {
    if (!layer.empty())
      throw Error(ExitCode::Input, fmt::format("cannot read image \"{}\" (--exr-layer): there is no layer \"{}\"; {}",
                                               path.string(), layer, layer_list(list)));
    throw Error(ExitCode::Input, fmt::format("cannot read image \"{}\" (--input): no channels outside layers; pick one "
                                             "with --exr-layer ({})",
                                             path.string(), layer_list(list)));
  }
  auto has = [&](const char* n) { return std::find(short_names.begin(), short_names.end(), n) != short_names.end(); };
  ExrSelection s;
  std::vector<std::string> picked;
  if (has("R") && has("G") && !has("B") && !has("A")) {
    picked = {"R", "G"}, s.channels = ChannelSet::RG;
  } else if (has("R") || has("G") || has("B")) {
    picked = {"R", "G", "B"}, s.channels = ChannelSet::RGB;
    if (has("A")) picked.push_back("A"), s.channels = ChannelSet::RGBA;
  } else if (has("Y")) {
    picked = {"Y"}, s.channels = ChannelSet::Mono;
    if (has("A")) picked.push_back("A"), s.channels = ChannelSet::MonoAlpha;
  } else if (has("A")) {
    picked = {"A"}, s.channels = ChannelSet::Alpha;
  } else {
    picked.assign(short_names.begin(), short_names.begin() + std::min<size_t>(short_names.size(), 4));
    constexpr ChannelSet by_count[] = {ChannelSet::Mono, ChannelSet::RG, ChannelSet::RGB, ChannelSet::RGBA};
    s.channels = by_count[picked.size() - 1];
  }
  for (const std::string& p : picked) s.names.push_back(prefix + p);
  return s;
}

// Copies the part of `data` (covering `data_window`) that lies inside the display window into `frame`.
void place_in_display_window(const VideoFrame& data, const Imath::Box2i& data_window, const Imath::Box2i& display,
                             VideoFrame& frame) {
  const int x0 = std::max(data_window.min.x, display.min.x), x1 = std::min(data_window.max.x, display.max.x);
  const int y0 = std::max(data_window.min.y, display.min.y), y1 = std::min(data_window.max.y, display.max.y);
  if (x0 > x1 || y0 > y1) return;
  const size_t pixel = frame.format.bytes_per_pixel;
  for (int y = y0; y <= y1; ++y) {
    const uint8_t* src = data.data.data() +
                         pixel * (static_cast<size_t>(y - data_window.min.y) * data.width + (x0 - data_window.min.x));
    uint8_t* dst = frame.data.data() + pixel * (static_cast<size_t>(y - display.min.y) * frame.width + (x0 - display.min.x));
    std::memcpy(dst, src, pixel * static_cast<size_t>(x1 - x0 + 1));
  }
}

void ignore_exr_core_error(exr_const_context_t, exr_result_t, const char*) {}  // the message is built from the code

// InputFile sets up its decompression buffers at the size of one chunk (a tile, or up to 256 lines of every
// channel), whatever the image's size: a header with huge tiles or many channels must not get that far. A chunk
// may hold as many bytes as the largest frame allowed in float RGBA, and 64 MiB however small the limit (a chunk
// of a tiny image still spans its 16 to 256 lines).
void check_chunk_size(const std::filesystem::path& path, uint64_t chunk_bytes, const ImageReadOptions& options) {
  const uint64_t limit = std::max<uint64_t>(static_cast<uint64_t>(std::max<int64_t>(options.max_pixels, 0)) * 16,
                                            uint64_t{64} << 20);
  if (chunk_bytes > limit)
    throw image_read_error(path, fmt::format("one chunk of the file unpacks to {} bytes, over the {} bytes a chunk "
                                             "may hold (--max-input-pixels x 16, at least 64 MiB)",
                                             chunk_bytes, limit));
}

// Checks the header through OpenEXR's core library before InputFile sees the file: InputFile already reads
// offset tables and sets up line buffers sized by the header, and it allocates each unknown attribute at the
// size the header declares (a 120-byte file asked for 2 GB; found by exr_reader_fuzz). The core parser checks
// sizes against the file, so a header it refuses is refused here.
void check_exr_header(const std::filesystem::path& path, const ImageReadOptions& options) {
  exr_context_initializer_t init = EXR_DEFAULT_CONTEXT_INITIALIZER;
  init.error_handler_fn = ignore_exr_core_error;
  exr_context_t context = nullptr;
  if (const exr_result_t result = exr_start_read(&context, path.c_str(), &init); result != EXR_ERR_SUCCESS) {
    exr_finish(&context);
    throw image_read_error(path, fmt::format("not a readable OpenEXR file ({})", exr_get_default_error_message(result)));
  }
  exr_attr_box2i_t data{}, display{};
  const bool known = exr_get_data_window(context, 0, &data) == EXR_ERR_SUCCESS &&
                     exr_get_display_window(context, 0, &display) == EXR_ERR_SUCCESS;
  uint64_t chunk_bytes = 0;
  const bool chunk_known = exr_get_chunk_unpacked_size(context, 0, &chunk_bytes) == EXR_ERR_SUCCESS;
  exr_finish(&context);
  if (known)
    for (const exr_attr_box2i_t& box : {display, data})
      check_image_size(path, int64_t{box.max.x} - box.min.x + 1, int64_t{box.max.y} - box.min.y + 1, options);
  if (chunk_known) check_chunk_size(path, chunk_bytes, options);
}

// How many scan lines one chunk of each compression holds (OpenEXR 3.1's compressors).
int64_t scan_lines_per_chunk(Imf::Compression compression) {
  switch (compression) {
    case Imf::NO_COMPRESSION: case Imf::RLE_COMPRESSION: case Imf::ZIPS_COMPRESSION: return 1;
    case Imf::ZIP_COMPRESSION: case Imf::PXR24_COMPRESSION: return 16;
    case Imf::DWAB_COMPRESSION: return 256;
    default: return 32;  // PIZ, B44, B44A, DWAA
  }
}

// The core parser and InputFile can read one header differently: a channel list the core parser gives up on
// leaves it with a 64x64 data window while InputFile reads on to one 16633860 pixels wide and sets up 1.7 to
// 2.1 GB of scan-line buffers for it (found by exr_reader_fuzz). So the sizes are checked again as InputFile's own
// header parser reads them, once check_attribute_sizes has made sure that parser allocates nothing the file does
// not hold. Returns the header (of the first part) for choosing the channels.
Imf::Header read_header_as_input_file_does(const std::filesystem::path& path, const ImageReadOptions& options) {
  Imf::StdIFStream stream(path.c_str());
  int magic = 0, version = 0;
  Imf::Xdr::read<Imf::StreamIO>(stream, magic);
  Imf::Xdr::read<Imf::StreamIO>(stream, version);
  Imf::Header header;
  header.readFrom(stream, version);
  const Imath::Box2i data = header.dataWindow(), display = header.displayWindow();
  for (const Imath::Box2i& box : {display, data})
    check_image_size(path, int64_t{box.max.x} - box.min.x + 1, int64_t{box.max.y} - box.min.y + 1, options);
  // One chunk of every channel at full resolution (subsampled channels take less).
  int64_t chunk_width = int64_t{data.max.x} - data.min.x + 1;
  int64_t chunk_lines = std::min<int64_t>(int64_t{data.max.y} - data.min.y + 1, scan_lines_per_chunk(header.compression()));
  if (header.hasTileDescription()) {
    // InputFile reads a tiled file a row of tiles at a time, into a buffer as wide as the data window and as
    // tall as a tile, whatever the window's height (a 64x64 image in tiles 4 million lines tall asked for
    // 545 MB; found by exr_reader_fuzz).
    chunk_width = std::max<int64_t>(chunk_width, header.tileDescription().xSize);
    chunk_lines = header.tileDescription().ySize;
  }
  uint64_t line_bytes = 0;
  for (auto it = header.channels().begin(); it != header.channels().end(); ++it)
    line_bytes += (it.channel().type == Imf::HALF ? 2u : 4u) * static_cast<uint64_t>(chunk_width);
  const auto lines = static_cast<uint64_t>(std::max<int64_t>(chunk_lines, 0));
  const bool overflows = line_bytes != 0 && lines > std::numeric_limits<uint64_t>::max() / line_bytes;
  check_chunk_size(path, overflows ? std::numeric_limits<uint64_t>::max() : line_bytes * lines, options);
  return header;
}

// The value size of the attribute types OpenEXR 3.1 reads at a fixed size whatever the header declares.
std::optional<int32_t> fixed_value_size(const std::string& type) {
  static const std::map<std::string, int32_t, std::less<>> sizes = {
      {"box2i", 16}, {"box2f", 16}, {"chromaticities", 32}, {"compression", 1}, {"double", 8}, {"envmap", 1},
      {"float", 4},  {"int", 4},    {"keycode", 28},        {"lineOrder", 1},   {"m33f", 36},  {"m33d", 72},
      {"m44f", 64},  {"m44d", 128}, {"rational", 8},        {"tiledesc", 9},    {"timecode", 8}, {"v2i", 8},
      {"v2f", 8},    {"v2d", 16},   {"v3i", 12},            {"v3f", 12},        {"v3d", 24},   {"deepImageState", 1}};
  const auto it = sizes.find(type);
  return it == sizes.end() ? std::nullopt : std::optional(it->second);
}

// The bytes OpenEXR 3.1 reads for a value whose length comes from its contents (channel lists, previews, string
// vectors), when they hold together within `value`; nullopt when they do not.
std::optional<uint64_t> content_size(const std::string& type, const std::vector<uint8_t>& value) {
  if (type == "chlist") {
    size_t at = 0;
    while (at < value.size() && value[at] != 0) {
      while (at < value.size() && value[at] != 0) ++at;  // the channel name
      at += 1 + 16;                                      // its end, pixel type, pLinear, reserved, sampling
    }
    return at < value.size() ? std::optional<uint64_t>(at + 1) : std::nullopt;
  }
  if (type == "preview") {
    if (value.size() < 8) return std::nullopt;
    const uint64_t width = load_le32(value.data()), height = load_le32(value.data() + 4);
    if (width != 0 && height > (value.size() - 8) / 4 / width) return std::nullopt;  // more pixels than bytes
    return 8 + width * height * 4;
  }
  if (type == "stringvector") {
    uint64_t at = 0;
    while (at + 4 <= value.size()) at += 4 + load_le32(value.data() + at);
    return at;
  }
  return value.size();
}

// InputFile reads an attribute at the size the header declares (allocating it first for types it does not
// know), at the fixed size of its type, or at a size its contents give; the core parser lets wrong sizes
// through (a 120-byte file asked for 1.9 GB; found by exr_reader_fuzz). Walks the attributes of every header
// (name, type, 32-bit size, value) and refuses a value that reaches past the end of the file or whose declared
// size is not the one InputFile would read, since InputFile then reads on from the wrong place.
void check_attribute_sizes(const std::filesystem::path& path) {
  const uint64_t file_size = std::filesystem::file_size(path);
  std::ifstream in(path, std::ios::binary);
  uint8_t word[4];
  const auto truncated = [&] { return image_read_error(path, "the header is truncated"); };
  if (!in.seekg(4).read(reinterpret_cast<char*>(word), 4)) throw truncated();
  const bool multipart = load_le32(word) & 0x1000;
  for (bool header_empty = false; !header_empty && in;) {
    header_empty = true;
    std::string name, type;
    while (std::getline(in, name, '\0') && !name.empty()) {
      header_empty = false;
      if (!std::getline(in, type, '\0') || !in.read(reinterpret_cast<char*>(word), 4)) throw truncated();
      const auto size = static_cast<int32_t>(load_le32(word));
      if (size < 0 || static_cast<uint64_t>(in.tellg()) + static_cast<uint64_t>(size) > file_size)
        throw image_read_error(path, fmt::format("header attribute \"{}\" declares {} bytes, more than the file holds",
                                                 name, size));
      std::vector<uint8_t> value(static_cast<size_t>(size));
      if (!in.read(reinterpret_cast<char*>(value.data()), size)) throw truncated();
      const std::optional<int32_t> fixed = fixed_value_size(type);
      const std::optional<uint64_t> read = fixed ? std::optional<uint64_t>(*fixed) : content_size(type, value);
      if (read != static_cast<uint64_t>(size))
        throw image_read_error(path, fmt::format("header attribute \"{}\" of type {} declares {} bytes, which do not "
                                                 "match its value",
                                                 name, type, size));
    }
    if (!in) throw truncated();
    if (!multipart) break;
  }
}

}  // namespace

VideoFrame read_exr(const std::filesystem::path& path, const ImageReadOptions& options, std::vector<uint8_t> reuse) {
  try {
    check_exr_header(path, options);
    check_attribute_sizes(path);
    const Imf::Header header = read_header_as_input_file_does(path, options);
    const ExrSelection selection = select_channels(path, header.channels(), options.exr_layer);

    bool all_half = true, all_present = true;
    for (const std::string& name : selection.names) {
      const Imf::Channel* c = header.channels().findChannel(name);
      all_present = all_present && c != nullptr;
      if (c != nullptr) {
        if (c->xSampling != 1 || c->ySampling != 1)
          throw image_read_error(path, fmt::format("channel \"{}\" is subsampled, which is not supported", name));
        all_half = all_half && c->type == Imf::HALF;
      }
    }
    const SampleType sample = all_half ? SampleType::F16 : SampleType::F32;
    const Imf::PixelType slice_type = all_half ? Imf::HALF : Imf::FLOAT;
    const PixelFormat format = image_read_layout(sample, selection.channels);

    const Imath::Box2i display = header.displayWindow(), data_window = header.dataWindow();
    const auto extent = [](const Imath::Box2i& b, bool x) {
      return x ? int64_t{b.max.x} - b.min.x + 1 : int64_t{b.max.y} - b.min.y + 1;
    };
    // Reading straight into the frame is only safe when no data pixel falls outside it; the frame needs no
    // zeros when the file fills every sample of it.
    const bool same_window = data_window == display;
    VideoFrame frame = same_window && all_present
                           ? sized_image(path, extent(display, true), extent(display, false), format, options, std::move(reuse))
                           : blank_image(path, extent(display, true), extent(display, false), format, options, std::move(reuse));
    VideoFrame data = same_window ? VideoFrame{}
                                  : blank_image(path, extent(data_window, true), extent(data_window, false), format, options);
    VideoFrame& target = same_window ? frame : data;

    const size_t pixel = format.bytes_per_pixel, sample_bytes = all_half ? 2 : 4;
    const ExrDecodeTarget decode_target{target.data.data(), pixel, pixel * static_cast<size_t>(target.width), sample_bytes};
    if (!decode_exr_scanlines(path, selection.names, decode_target)) {
      Imf::InputFile file(path.c_str());
      Imf::FrameBuffer buffer;
      for (size_t c = 0; c < selection.names.size(); ++c)
        buffer.insert(selection.names[c], Imf::Slice::Make(slice_type, target.data.data() + c * sample_bytes,
                                                           data_window, pixel, pixel * static_cast<size_t>(target.width)));
      file.setFrameBuffer(buffer);
      file.readPixels(data_window.min.y, data_window.max.y);
    }
    if (!same_window) place_in_display_window(data, data_window, display, frame);
    return frame;
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw image_read_error(path, e.what());
  }
}

}  // namespace frameout
