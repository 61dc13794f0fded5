#pragma once
// HDR10 static metadata: the colour volume of the display a picture was mastered on (SMPTE ST 2086) and the
// content light levels (CTA-861.3). Values are kept in the integer units of H.265's SEI messages, which the
// x265 notation of --mastering-display writes too, so every writer gets them without rounding.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frameout {

//! Chromaticity coordinates in units of 0.00002 (0 to 50000).
struct MasteringPoint {
  uint32_t x = 0;  //!< CIE x / 0.00002
  uint32_t y = 0;  //!< CIE y / 0.00002
};

//! The mastering display's primaries, white point and luminance range.
struct MasteringDisplay {
  MasteringPoint green;        //!< green primary
  MasteringPoint blue;         //!< blue primary
  MasteringPoint red;          //!< red primary
  MasteringPoint white;        //!< white point
  uint32_t max_luminance = 0;  //!< peak, in units of 0.0001 cd/m²
  uint32_t min_luminance = 0;  //!< black, in units of 0.0001 cd/m²
};

//! The brightest pixel (MaxCLL) and the brightest frame average (MaxFALL) of the content, in cd/m²; 0 = unknown.
struct ContentLightLevel {
  uint32_t max_cll = 0;   //!< maximum content light level
  uint32_t max_fall = 0;  //!< maximum frame-average light level
};

//! What a movie states about its HDR grading; either part may be absent.
struct HdrMetadata {
  std::optional<MasteringDisplay> mastering;  //!< --mastering-display
  std::optional<ContentLightLevel> light;     //!< --max-cll / --max-fall
  //! Whether nothing is to be written.
  bool empty() const { return !mastering && !light; }
};

//! Reads x265's notation G(x,y)B(x,y)R(x,y)WP(x,y)L(max,min) (coordinates in 0.00002, luminances in 0.0001 cd/m²);
//! throws a usage Error naming `flag` on bad syntax or out-of-range values.
MasteringDisplay parse_mastering_display(std::string_view text, std::string_view flag);

//! The display in x265's (and x264's) notation, as parse_mastering_display reads it.
std::string x265_notation(const MasteringDisplay& display);

//! The display in SVT-AV1's notation: the same layout with coordinates and cd/m² as decimals.
std::string svtav1_notation(const MasteringDisplay& display);

}  // namespace frameout
