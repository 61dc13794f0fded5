#pragma once
// Converts pixel values between two of the page's colour spaces: decode the input's transfer to linear
// light, scale by the reference whites, one 3x3 for primaries (derived in double, applied in float), encode
// the output's transfer. HLG is display-referred: its OOTF (BT.2100, 1000-nit display, gamma 1.2) is applied
// on decoding and inverted on encoding. Alpha passes unchanged. Thread-safe: one may serve many threads.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "convert/curve_table.hpp"
#include "media/colour_conversion.hpp"
#include "media/video_frame.hpp"

namespace frameout {

//! A prepared colour conversion between two spaces.
class ColourTransform {
 public:
  //! Prepares `conversion` (one that converts). `quantised`: the results are stored in 16 bits or fewer, so
  //! the curves may be read from tables instead of computed exactly.
  ColourTransform(const ColourConversion& conversion, bool quantised);

  //! Converts `pixels` pixels of `format` to 16-bit RGBA, clipping to 0..1; returns the colour values clipped.
  int64_t to_rgba16(const PixelFormat& format, const uint8_t* src, uint16_t* dst, size_t pixels) const;

  //! Converts to 8-bit RGBA, clipping to 0..1; returns the colour values clipped.
  int64_t to_rgba8(const PixelFormat& format, const uint8_t* src, uint8_t* dst, size_t pixels) const;

  //! `frame` converted to rgba32float, values outside 0..1 kept (layers travel unchanged); adds the colour
  //! values outside 0..1 to `outside`.
  VideoFrame to_float(const VideoFrame& frame, int64_t& outside) const;

  //! Converts `pixels` RGBA float pixels (input code values) in place to output code values.
  void apply(float* rgba, size_t pixels) const;

 private:
  // Input pixels to linear light of the input space (alpha as 0..1).
  void decode_into(const PixelFormat& format, const uint8_t* src, float* rgba, size_t pixels) const;
  // The input's curve undone on float values.
  void decode_floats(float* rgba, size_t pixels) const;
  // Linear light of the input space to output code values.
  void from_linear(float* rgba, size_t pixels) const;
  // Converts to fixed-point RGBA of full scale `scale`, clipping to 0..1; returns the colour values clipped.
  template <typename Out>
  int64_t to_fixed(const PixelFormat& format, const uint8_t* src, Out* dst, size_t pixels, float scale) const;

  Transfer decode_;
  Transfer encode_;
  bool hlg_in_, hlg_out_;
  bool exact_;
  std::array<float, 9> matrix_{};
  std::array<double, 9> matrix_exact_{};
  std::vector<float> decode16_;              // fixed-point input: 16-bit code to decoded light
  std::optional<CurveTable> decode_table_;   // float input, quantised output
  std::optional<CurveTable> encode_table_;   // quantised output
};

}  // namespace frameout
