#pragma once
// The Common-page pixel formats that raw input frames can arrive in.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace frameout {

//! How one channel value is stored.
enum class SampleType {
  U8,           //!< 8-bit unsigned normalised
  U16,          //!< 16-bit unsigned normalised, little-endian
  F16,          //!< IEEE half float, little-endian
  F32,          //!< IEEE single float, little-endian
  Packed10_10_10_2,  //!< one little-endian 32-bit word: R bits 0-9, G 10-19, B 20-29, A 30-31
  Packed11_11_10F,   //!< one little-endian 32-bit word: R 11-bit float bits 0-10, G 11-21, B 10-bit float 22-31
};

//! Which channels a pixel holds, in memory order.
enum class ChannelSet { RGBA, RGB, RG, Mono, Alpha, MonoAlpha };

//! Values per pixel of a channel set (RGBA 4, RGB 3, RG and mono+alpha 2, mono and alpha 1).
constexpr int channel_count(ChannelSet set) {
  switch (set) {
    case ChannelSet::RGBA: return 4;
    case ChannelSet::RGB: return 3;
    case ChannelSet::RG:
    case ChannelSet::MonoAlpha: return 2;
    case ChannelSet::Mono:
    case ChannelSet::Alpha: return 1;
  }
  return 4;
}

//! A Common-page pixel format token and its memory layout.
struct PixelFormat {
  std::string_view token;  //!< e.g. "rgba8fixed"
  SampleType sample;       //!< storage of each value
  ChannelSet channels;     //!< channel set
  int bytes_per_pixel;     //!< bytes of one pixel
  bool srgb_encoded;       //!< srgba8fixed: values are sRGB-encoded (the same bytes as rgba8fixed for video)

  //! Whether the format carries a real alpha channel.
  bool has_alpha() const { return channels == ChannelSet::RGBA || channels == ChannelSet::Alpha || channels == ChannelSet::MonoAlpha; }
  //! Whether values are wider than 8 bits.
  bool is_deep() const { return sample != SampleType::U8; }
  //! Bytes of one tightly packed frame.
  size_t frame_bytes(int width, int height) const { return static_cast<size_t>(bytes_per_pixel) * width * height; }
};

//! Every supported input pixel format.
std::span<const PixelFormat> pixel_formats();
//! The format with this token, or nullopt.
std::optional<PixelFormat> find_pixel_format(std::string_view token);

}  // namespace frameout
