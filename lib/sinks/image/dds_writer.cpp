#include "sinks/image/dds_writer.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include <Imath/half.h>

#include "sinks/image/image_file.hpp"

namespace frameout {

namespace {

// Values from Microsoft's DDS reference (DDS_HEADER, DDS_PIXELFORMAT, DDS_HEADER_DXT10, DXGI_FORMAT).
constexpr uint32_t kMagic = 0x20534444;  // "DDS "
constexpr uint32_t kHeaderBytes = 124, kPixelFormatBytes = 32;
constexpr uint32_t kDdsdCaps = 0x1, kDdsdHeight = 0x2, kDdsdWidth = 0x4, kDdsdPitch = 0x8, kDdsdPixelFormat = 0x1000,
                   kDdsdMipmapCount = 0x20000;
constexpr uint32_t kDdpfAlphaPixels = 0x1, kDdpfFourCC = 0x4, kDdpfRgb = 0x40;
constexpr uint32_t kDdsCapsComplex = 0x8, kDdsCapsTexture = 0x1000, kDdsCapsMipmap = 0x400000;
constexpr uint32_t kFourCCDx10 = 0x30315844;  // "DX10"
constexpr uint32_t kDxgiR32G32B32A32Float = 2, kDxgiR16G16B16A16Float = 10;
constexpr uint32_t kTexture2D = 3;      // D3D10_RESOURCE_DIMENSION_TEXTURE2D
constexpr uint32_t kAlphaStraight = 1;  // DDS_ALPHA_MODE_STRAIGHT: frames carry unassociated alpha

std::vector<uint8_t> dds_header(const VideoFrame& frame, int levels) {
  const bool legacy = frame.format.sample == SampleType::U8;
  std::vector<uint8_t> h;
  put_le(h, kMagic);
  put_le(h, kHeaderBytes);
  put_le(h, kDdsdCaps | kDdsdHeight | kDdsdWidth | kDdsdPitch | kDdsdPixelFormat | (levels > 1 ? kDdsdMipmapCount : 0));
  put_le(h, static_cast<uint32_t>(frame.height));
  put_le(h, static_cast<uint32_t>(frame.width));
  put_le(h, static_cast<uint32_t>(frame.format.frame_bytes(frame.width, 1)));  // pitch of the top level
  put_le(h, 0);                                                                // depth
  put_le(h, static_cast<uint32_t>(levels));
  for (int i = 0; i < 11; ++i) put_le(h, 0);  // reserved
  put_le(h, kPixelFormatBytes);
  if (legacy) {
    // Memory order R,G,B,A read as a little-endian 32-bit word.
    put_le(h, kDdpfRgb | kDdpfAlphaPixels);
    put_le(h, 0);
    put_le(h, 32);
    put_le(h, 0x000000FF), put_le(h, 0x0000FF00), put_le(h, 0x00FF0000), put_le(h, 0xFF000000);
  } else {
    // Float texels have no legacy masks; the DX10 extension header names their DXGI format.
    put_le(h, kDdpfFourCC);
    put_le(h, kFourCCDx10);
    for (int i = 0; i < 5; ++i) put_le(h, 0);
  }
  put_le(h, kDdsCapsTexture | (levels > 1 ? kDdsCapsMipmap | kDdsCapsComplex : 0));
  for (int i = 0; i < 4; ++i) put_le(h, 0);  // caps2..4, reserved
  if (!legacy) {
    put_le(h, frame.format.sample == SampleType::F32 ? kDxgiR32G32B32A32Float : kDxgiR16G16B16A16Float);
    put_le(h, kTexture2D);
    put_le(h, 0);  // misc flags
    put_le(h, 1);  // array size
    put_le(h, kAlphaStraight);
  }
  return h;
}

float load_sample(SampleType sample, const uint8_t* p) {
  if (sample == SampleType::U8) return *p;
  if (sample == SampleType::F16) {
    uint16_t bits;
    std::memcpy(&bits, p, 2);
    Imath::half h;
    h.setBits(bits);
    return h;
  }
  float f;
  std::memcpy(&f, p, 4);
  return f;
}

void store_sample(SampleType sample, uint8_t* p, float v) {
  if (sample == SampleType::U8) {
    *p = static_cast<uint8_t>(v + 0.5f);  // v averages whole numbers in 0..255: round half up
  } else if (sample == SampleType::F16) {
    const uint16_t bits = Imath::half(v).bits();
    std::memcpy(p, &bits, 2);
  } else {
    std::memcpy(p, &v, 4);
  }
}

// How much each texel of a row of `from` texels counts towards each of `to` texels: the overlap of its
// footprint with the output texel's, which covers from/to input texels.
std::vector<std::vector<std::pair<int, float>>> box_weights(int from, int to) {
  std::vector<std::vector<std::pair<int, float>>> weights(static_cast<size_t>(to));
  const double span = static_cast<double>(from) / to;
  for (int i = 0; i < to; ++i) {
    const double start = i * span, end = (i + 1) * span;
    for (int s = static_cast<int>(start); s < from && s < end; ++s) {
      const double overlap = std::min<double>(end, s + 1) - std::max<double>(start, s);
      if (overlap > 1e-9) weights[static_cast<size_t>(i)].emplace_back(s, static_cast<float>(overlap / span));
    }
  }
  return weights;
}

// The next mip level: sizes halve (rounding down, never below 1) and each texel is the area-weighted box
// average of the texels of the level above under it. At an odd size the blocks overlap texels fractionally,
// so every level keeps the mean of the whole picture.
std::vector<uint8_t> next_mip(const uint8_t* level, int& width, int& height, const PixelFormat& format) {
  const int w = std::max(1, width / 2), h = std::max(1, height / 2);
  const size_t pixel = static_cast<size_t>(format.bytes_per_pixel), sample = pixel / 4;
  const auto columns = box_weights(width, w), rows = box_weights(height, h);
  std::vector<uint8_t> out(pixel * w * h);
  auto at = [&](int x, int y) { return level + pixel * (static_cast<size_t>(y) * width + x); };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* dst = out.data() + pixel * (static_cast<size_t>(y) * w + x);
      for (size_t c = 0; c < 4; ++c) {
        float sum = 0;
        for (const auto& [sy, wy] : rows[static_cast<size_t>(y)])
          for (const auto& [sx, wx] : columns[static_cast<size_t>(x)])
            sum += wx * wy * load_sample(format.sample, at(sx, sy) + c * sample);
        store_sample(format.sample, dst + c * sample, sum);
      }
    }
  width = w, height = h;
  return out;
}

int mip_levels(int width, int height) {
  int levels = 1;
  while (width > 1 || height > 1) width = std::max(1, width / 2), height = std::max(1, height / 2), ++levels;
  return levels;
}

}  // namespace

PixelFormat DdsWriter::stored_format(const PixelFormat& requested) const {
  // Three uncompressed texel formats cover every request: 8-bit stays 8-bit, anything up to 16 bits
  // (fixed, half, packed) becomes half, float stays float. All are RGBA (missing alpha is opaque).
  SampleType sample = SampleType::F16;
  if (requested.sample == SampleType::U8) sample = SampleType::U8;
  if (requested.sample == SampleType::F32) sample = SampleType::F32;
  if (requested.sample == sample && requested.channels == ChannelSet::RGBA) return requested;
  return image_layout(sample, ChannelSet::RGBA);
}

void DdsWriter::write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions& options) const {
  check_image_frame("DDS", path, frame, stored_format(frame.format));
  if (frame.format.frame_bytes(frame.width, frame.height) > std::numeric_limits<uint32_t>::max())
    throw image_write_error("DDS", path, "the image is larger than DDS's 4 GB pitch limit");
  const int levels = options.mipmaps ? mip_levels(frame.width, frame.height) : 1;

  CheckedFile file(path, "DDS");
  const auto header = dds_header(frame, levels);
  file.write(header.data(), header.size());
  file.write(frame.pixels(), frame.byte_size());
  std::vector<uint8_t> level;
  int width = frame.width, height = frame.height;
  for (int i = 1; i < levels; ++i) {
    level = next_mip(i == 1 ? frame.pixels() : level.data(), width, height, frame.format);
    file.write(level.data(), level.size());
  }
  file.close();
}

}  // namespace frameout
