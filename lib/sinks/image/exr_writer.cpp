#include "sinks/image/exr_writer.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <map>

#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfFrameBuffer.h>
#include <OpenEXR/ImfFloatAttribute.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfIO.h>
#include <OpenEXR/ImfIntAttribute.h>
#include <OpenEXR/ImfOutputFile.h>
#include <OpenEXR/ImfStandardAttributes.h>
#include <OpenEXR/ImfStringAttribute.h>
#include <fmt/format.h>

#include "convert/reformat.hpp"
#include "sinks/image/image_file.hpp"

namespace frameout {

namespace {

struct NamedCompression {
  std::string_view token;
  Imf::Compression value;
};

constexpr std::array kCompressions = {
    NamedCompression{"none", Imf::NO_COMPRESSION},   NamedCompression{"rle", Imf::RLE_COMPRESSION},
    NamedCompression{"zips", Imf::ZIPS_COMPRESSION}, NamedCompression{"zip", Imf::ZIP_COMPRESSION},
    NamedCompression{"piz", Imf::PIZ_COMPRESSION},   NamedCompression{"pxr24", Imf::PXR24_COMPRESSION},
    NamedCompression{"b44", Imf::B44_COMPRESSION},   NamedCompression{"b44a", Imf::B44A_COMPRESSION},
    NamedCompression{"dwaa", Imf::DWAA_COMPRESSION}, NamedCompression{"dwab", Imf::DWAB_COMPRESSION},
};

// Attributes the library writes from the image itself (or that mark multi-part/deep files); a table row
// replacing one would make a file that lies about its own layout.
constexpr std::array<std::string_view, 14> kReservedAttributes = {
    "channels",         "compression",        "dataWindow",        "displayWindow",  "lineOrder",
    "pixelAspectRatio", "screenWindowCenter", "screenWindowWidth", "chromaticities", "type",
    "name",             "tiles",              "version",           "chunkCount"};

Imf::Compression exr_compression(const std::string& token) {
  if (token.empty()) return Imf::ZIP_COMPRESSION;
  for (const auto& c : kCompressions)
    if (c.token == token) return c.value;
  throw Error(ExitCode::Usage,
              fmt::format("EXR compression \"{}\" (--exr-compression) is not one of none, rle, zips, zip, piz, "
                          "pxr24, b44, b44a, dwaa, dwab",
                          token));
}

// Which of the red, green, blue and alpha names each stored channel takes, in memory order.
std::vector<int> channel_slots(ChannelSet channels) {
  switch (channels) {
    case ChannelSet::RGBA: return {0, 1, 2, 3};
    case ChannelSet::RGB: return {0, 1, 2};
    case ChannelSet::RG: return {0, 1};
    case ChannelSet::Mono: return {0};
    case ChannelSet::Alpha: return {3};
    case ChannelSet::MonoAlpha: return {0, 3};
  }
  return {};
}

std::array<std::string, 4> default_names(ChannelSet channels) {
  const bool mono = channels == ChannelSet::Mono || channels == ChannelSet::MonoAlpha;
  return {mono ? "Y" : "R", "G", "B", "A"};
}

// A table value becomes the narrowest attribute type that holds it exactly, so readers get numbers as numbers.
void insert_typed_attribute(Imf::Header& header, const std::string& key, const std::string& value) {
  const char* first = value.data();
  const char* last = first + value.size();
  int as_int = 0;
  if (auto r = std::from_chars(first, last, as_int); !value.empty() && r.ec == std::errc() && r.ptr == last) {
    header.insert(key, Imf::IntAttribute(as_int));
    return;
  }
  float as_float = 0;
  if (auto r = std::from_chars(first, last, as_float); !value.empty() && r.ec == std::errc() && r.ptr == last) {
    header.insert(key, Imf::FloatAttribute(as_float));
    return;
  }
  header.insert(key, Imf::StringAttribute(value));
}

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

}  // namespace

void check_exr_header(const std::vector<std::pair<std::string, std::string>>& header) {
  for (const auto& [key, value] : header) {
    if (key.empty())
      throw Error(ExitCode::Usage,
                  fmt::format("an EXR header row (--headerdat) has an empty key (value \"{}\")", value));
    for (const auto reserved : kReservedAttributes)
      if (key == reserved)
        throw Error(ExitCode::Usage, fmt::format("EXR header key \"{}\" (--headerdat) is an attribute OpenEXR writes "
                                                 "itself and cannot be replaced; rename the row",
                                                 key));
  }
}

void check_exr_compression(const std::string& compression) { exr_compression(compression); }

PixelFormat ExrWriter::stored_format(const PixelFormat& requested) const {
  // EXR holds only half and float (its UINT is for ids, not images): fixed point widens to half, which
  // represents every 8-bit value exactly and 16-bit values to about 11 bits.
  ChannelSet channels = requested.channels;
  SampleType sample = requested.sample == SampleType::F32 ? SampleType::F32 : SampleType::F16;
  if (requested.sample == SampleType::Packed10_10_10_2) channels = ChannelSet::RGBA;
  if (requested.sample == SampleType::Packed11_11_10F) channels = ChannelSet::RGB;
  if (requested.sample == sample && requested.channels == channels) return requested;
  return image_layout(sample, channels);
}

void ExrWriter::write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions& options) const {
  check_image_frame("EXR", path, frame, stored_format(frame.format));
  check_exr_header(options.header);
  const Imf::Compression compression = exr_compression(options.compression);

  // Data window = display window = the whole frame, pixel aspect 1, top row first.
  Imf::Header header(frame.width, frame.height, 1.0f, Imath::V2f(0, 0), 1.0f, Imf::INCREASING_Y, compression);
  const auto& c = options.colour;
  Imf::addChromaticities(header, Imf::Chromaticities(Imath::V2f(float(c.red[0]), float(c.red[1])),
                                                     Imath::V2f(float(c.green[0]), float(c.green[1])),
                                                     Imath::V2f(float(c.blue[0]), float(c.blue[1])),
                                                     Imath::V2f(float(c.white[0]), float(c.white[1]))));
  // A repeated key keeps its last row. Collapsing rows first avoids Header::erase (which leaks the old
  // attribute in OpenEXR 3.1) and insert() refusing to change an attribute's type.
  std::map<std::string, std::string> rows;
  for (const auto& [key, value] : options.header) rows[key] = value;
  for (const auto& [key, value] : rows) insert_typed_attribute(header, key, value);

  const bool is_float = frame.format.sample == SampleType::F32;
  const Imf::PixelType type = is_float ? Imf::FLOAT : Imf::HALF;
  // Layers (additional inputs) are stored with the frame's pixel type; they may arrive in any layout.
  std::vector<VideoFrame> converted_layers;
  converted_layers.reserve(frame.layers.size());  // `images` points into it
  std::vector<const VideoFrame*> images{&frame};
  for (const auto& layer : frame.layers) {
    if (layer->width != frame.width || layer->height != frame.height)
      throw Error(ExitCode::Input, fmt::format("EXR \"{}\": an additional input is {}x{}, the picture {}x{}",
                                               path.string(), layer->width, layer->height, frame.width, frame.height));
    const PixelFormat wanted = image_layout(frame.format.sample, stored_format(layer->format).channels);
    if (layer->format.token == wanted.token) {
      images.push_back(layer.get());
    } else {
      images.push_back(&converted_layers.emplace_back(reformat(*layer, wanted)));
    }
  }
  if (!options.channel_names.empty() && options.channel_names.size() != images.size())
    throw Error(ExitCode::Usage, fmt::format("EXR \"{}\": {} channel name sets for {} images", path.string(),
                                             options.channel_names.size(), images.size()));

  // A channel list and a frame buffer are maps by name: a later channel of the same name replaces an
  // earlier one (the reference's "duplicate names overwrite"), and the file stores them alphabetically.
  Imf::FrameBuffer buffer;
  const size_t sample_bytes = is_float ? 4 : 2;
  for (size_t image = 0; image < images.size(); ++image) {
    const VideoFrame& pixels = *images[image];
    const auto names = options.channel_names.empty() ? default_names(pixels.format.channels) : options.channel_names[image];
    const size_t pixel_bytes = static_cast<size_t>(pixels.format.bytes_per_pixel);
    // Slices only read from the frame; OpenEXR's API takes a mutable pointer for both directions.
    char* base = reinterpret_cast<char*>(const_cast<uint8_t*>(pixels.pixels()));
    const auto slots = channel_slots(pixels.format.channels);
    for (size_t i = 0; i < slots.size(); ++i) {
      const std::string& name = names[static_cast<size_t>(slots[i])];
      if (name.empty()) continue;
      header.channels().insert(name, Imf::Channel(type));
      // Frame samples are little-endian halves/floats, the host order OpenEXR expects in memory.
      buffer.insert(name, Imf::Slice(type, base + i * sample_bytes, pixel_bytes, pixel_bytes * pixels.width));
    }
  }
  if (buffer.begin() == buffer.end())
    throw Error(ExitCode::Usage, fmt::format("EXR \"{}\": every channel name is empty (input0r …)", path.string()));

  CheckedFile file(path, "EXR");
  try {
    CheckedExrStream stream(path, file);
    {
      // No OpenEXR worker threads: the image pipeline already writes several files at once.
      Imf::OutputFile out(stream, header, 0);
      out.setFrameBuffer(buffer);
      out.writePixels(frame.height);
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw image_write_error("EXR", path, e.what());
  }
  file.close();
}

}  // namespace frameout
