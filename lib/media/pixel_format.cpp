#include "media/pixel_format.hpp"

#include <array>

namespace frameout {

namespace {

using enum SampleType;
using enum ChannelSet;

constexpr std::array kFormats = {
    PixelFormat{"rgba8fixed", U8, RGBA, 4, false},
    PixelFormat{"srgba8fixed", U8, RGBA, 4, true},
    PixelFormat{"rgba16float", F16, RGBA, 8, false},
    PixelFormat{"rgba32float", F32, RGBA, 16, false},
    PixelFormat{"rgb10a2fixed", Packed10_10_10_2, RGBA, 4, false},
    PixelFormat{"rgba16fixed", U16, RGBA, 8, false},
    PixelFormat{"rgba11float", Packed11_11_10F, RGB, 4, false},
    PixelFormat{"rgb16float", F16, RGB, 6, false},
    PixelFormat{"rgb32float", F32, RGB, 12, false},
    PixelFormat{"mono8fixed", U8, Mono, 1, false},
    PixelFormat{"mono16fixed", U16, Mono, 2, false},
    PixelFormat{"mono16float", F16, Mono, 2, false},
    PixelFormat{"mono32float", F32, Mono, 4, false},
    PixelFormat{"rg8fixed", U8, RG, 2, false},
    PixelFormat{"rg16fixed", U16, RG, 4, false},
    PixelFormat{"rg16float", F16, RG, 4, false},
    PixelFormat{"rg32float", F32, RG, 8, false},
    PixelFormat{"a8fixed", U8, Alpha, 1, false},
    PixelFormat{"a16fixed", U16, Alpha, 2, false},
    PixelFormat{"a16float", F16, Alpha, 2, false},
    PixelFormat{"a32float", F32, Alpha, 4, false},
    PixelFormat{"monoalpha8fixed", U8, MonoAlpha, 2, false},
    PixelFormat{"monoalpha16fixed", U16, MonoAlpha, 4, false},
    PixelFormat{"monoalpha16float", F16, MonoAlpha, 4, false},
    PixelFormat{"monoalpha32float", F32, MonoAlpha, 8, false},
    // Not on the Common page: packed RGB without alpha, common in raw pipes and in image files.
    PixelFormat{"rgb8fixed", U8, RGB, 3, false},
    PixelFormat{"rgb16fixed", U16, RGB, 6, false},
};

}  // namespace

std::span<const PixelFormat> pixel_formats() { return kFormats; }

std::optional<PixelFormat> find_pixel_format(std::string_view token) {
  for (const auto& f : kFormats)
    if (f.token == token) return f;
  return std::nullopt;
}

}  // namespace frameout
