#include "sinks/image/exr_writer.hpp"

#include <array>
#include <map>

#include <fmt/format.h>

#include "convert/reformat.hpp"
#include "sinks/image/exr_file.hpp"
#include "sinks/image/image_file.hpp"

namespace frameout {

namespace {

struct NamedCompression {
  std::string_view token;
  ExrCompression value;
};

constexpr std::array kCompressions = {
    NamedCompression{"none", ExrCompression::None}, NamedCompression{"rle", ExrCompression::Rle},
    NamedCompression{"zips", ExrCompression::Zips}, NamedCompression{"zip", ExrCompression::Zip},
    NamedCompression{"piz", ExrCompression::Piz},   NamedCompression{"pxr24", ExrCompression::Pxr24},
    NamedCompression{"b44", ExrCompression::B44},   NamedCompression{"b44a", ExrCompression::B44a},
    NamedCompression{"dwaa", ExrCompression::Dwaa}, NamedCompression{"dwab", ExrCompression::Dwab},
};

// Attributes the library writes from the image itself (or that mark multi-part/deep files); a table row
// replacing one would make a file that lies about its own layout.
constexpr std::array<std::string_view, 14> kReservedAttributes = {
    "channels",         "compression",        "dataWindow",        "displayWindow",  "lineOrder",
    "pixelAspectRatio", "screenWindowCenter", "screenWindowWidth", "chromaticities", "type",
    "name",             "tiles",              "version",           "chunkCount"};

ExrCompression exr_compression(const std::string& token) {
  if (token.empty()) return ExrCompression::Zip;
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
  ExrImage image;
  image.width = frame.width;
  image.height = frame.height;
  image.is_float = frame.format.sample == SampleType::F32;
  image.compression = exr_compression(options.compression);
  // A repeated key keeps its last row.
  std::map<std::string, std::string> rows;
  for (const auto& [key, value] : options.header) rows[key] = value;
  const ColourSpace& space = *options.colour.space;
  if (!is_passthrough(space)) {
    const Primaries& p = space.primaries;
    image.chromaticities = {float(p.red.x),  float(p.red.y),  float(p.green.x), float(p.green.y),
                            float(p.blue.x), float(p.blue.y), float(p.white.x), float(p.white.y)};
    // Only linear values are light in proportion, so only they have a luminance for 1.0; a header row giving
    // one states it for this file and replaces it.
    if (space.transfer == Transfer::Linear && rows.count("whiteLuminance") == 0)
      image.white_luminance = float(options.colour.white_nits);
  }
  image.attributes.assign(rows.begin(), rows.end());

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

  // Channels by name: a later channel of the same name replaces an earlier one (the reference's "duplicate
  // names overwrite"); the file stores them alphabetically.
  std::map<std::string, ExrChannel> channels;
  const size_t sample_bytes = image.is_float ? 4 : 2;
  for (size_t i = 0; i < images.size(); ++i) {
    const VideoFrame& pixels = *images[i];
    const auto names = options.channel_names.empty() ? default_names(pixels.format.channels) : options.channel_names[i];
    const int pixel_bytes = pixels.format.bytes_per_pixel;
    const auto slots = channel_slots(pixels.format.channels);
    for (size_t s = 0; s < slots.size(); ++s) {
      const std::string& name = names[static_cast<size_t>(slots[s])];
      if (name.empty()) continue;
      channels[name] = {name, pixels.pixels() + s * sample_bytes, pixel_bytes, pixel_bytes * pixels.width};
    }
  }
  if (channels.empty())
    throw Error(ExitCode::Usage, fmt::format("EXR \"{}\": every channel name is empty (input0r …)", path.string()));
  for (auto& [name, channel] : channels) image.channels.push_back(std::move(channel));
  write_exr_file(path, image);
}

}  // namespace frameout
