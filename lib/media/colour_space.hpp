#pragma once
// The page's colour spaces, one descriptor each: primaries, white point, transfer function, which reference
// white (SDR or HDR) the page gives it, and the H.273 codes a file can carry for it. Conversion, tagging,
// validation and the README table all read this table.

#include <span>
#include <string_view>

extern "C" {
#include <libavutil/pixfmt.h>
}

namespace frameout {

//! A CIE 1931 xy chromaticity.
struct Chromaticity {
  double x = 0;  //!< CIE x
  double y = 0;  //!< CIE y
};

//! The chromaticities of a space's red, green and blue primaries and of its white point.
struct Primaries {
  Chromaticity red;    //!< red primary
  Chromaticity green;  //!< green primary
  Chromaticity blue;   //!< blue primary
  Chromaticity white;  //!< white point
};

//! How a space encodes light into code values.
enum class Transfer {
  Srgb,       //!< IEC 61966-2-1 piecewise sRGB curve
  Linear,     //!< values are proportional to light
  Bt709,      //!< the BT.601 / BT.709 / BT.2020 camera OETF (one curve, exact constants)
  Pq,         //!< SMPTE ST 2084 perceptual quantiser, absolute light up to 10,000 nits
  Hlg,        //!< ARIB STD-B67 / BT.2100 hybrid log-gamma
  Gamma26,    //!< pure power 2.6 (DCI-P3)
  AcesProxy,  //!< ACESproxy 10-bit log (S-2013-001)
  None,       //!< passthrough: values are used as they are
};

//! Which reference white a space is measured against (the page names one per space).
enum class WhiteClass { Sdr, Hdr };

//! One colour space of the page's Output Color Space menu.
struct ColourSpace {
  std::string_view token;                         //!< menu token, e.g. "rec2020st2084pq"
  std::string_view label;                         //!< the page's name, e.g. "Rec.2020 ST2084PQ"
  Primaries primaries;                            //!< chromaticities (unused for passthrough)
  Transfer transfer;                              //!< code-value encoding
  WhiteClass white_class;                         //!< SDR or HDR reference white
  AVColorPrimaries tag_primaries;                 //!< H.273 primaries, UNSPECIFIED where none is exact
  AVColorTransferCharacteristic tag_transfer;     //!< H.273 transfer, UNSPECIFIED where none is exact
  AVColorSpace yuv_matrix;                        //!< Y'CbCr matrix used and tagged for YUV codecs
};

//! Every colour space of the page, in the page's order.
std::span<const ColourSpace> colour_spaces();

//! The colour space with this token, or nullptr.
const ColourSpace* find_colour_space(std::string_view token);

//! The colour space with this token; throws a usage Error naming `flag` and the known tokens otherwise.
const ColourSpace& colour_space(std::string_view token, std::string_view flag);

//! Whether the space writes nothing about itself and converts nothing (passthrough).
inline bool is_passthrough(const ColourSpace& space) { return space.transfer == Transfer::None; }

//! The sRGB row: the output space when none is asked for.
const ColourSpace& default_colour_space();

//! The H.273 transfer code of `space` for samples of `bit_depth` bits: Rec.2020 has one code for 10 bits and
//! below and another for 12 bits and above (the same curve, different rounding of its constants).
AVColorTransferCharacteristic transfer_tag(const ColourSpace& space, int bit_depth);

//! Whether H.273 has an exact code for both the primaries and the transfer of `space`.
inline bool has_exact_tags(const ColourSpace& space) {
  return space.tag_primaries != AVCOL_PRI_UNSPECIFIED && space.tag_transfer != AVCOL_TRC_UNSPECIFIED;
}

}  // namespace frameout
