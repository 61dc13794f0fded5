#include "media/colour_space.hpp"

#include <array>
#include <string>

#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {
namespace {

constexpr Chromaticity kD65{0.3127, 0.3290};
// The ACES white (S-2014-004), which the "D60 sim" P3 variant also uses.
constexpr Chromaticity kAcesWhite{0.32168, 0.33767};

constexpr Primaries kBt709{{0.640, 0.330}, {0.300, 0.600}, {0.150, 0.060}, kD65};
// SMPTE 170M ("SMPTE C"), the primaries NTSC broadcast has used since 1987; the 1953 FCC set is not meant.
constexpr Primaries kSmpte170m{{0.630, 0.340}, {0.310, 0.595}, {0.155, 0.070}, kD65};
constexpr Primaries kBt2020{{0.708, 0.292}, {0.170, 0.797}, {0.131, 0.046}, kD65};
constexpr Primaries kP3D65{{0.680, 0.320}, {0.265, 0.690}, {0.150, 0.060}, kD65};
constexpr Primaries kP3D60{{0.680, 0.320}, {0.265, 0.690}, {0.150, 0.060}, kAcesWhite};
constexpr Primaries kAp0{{0.7347, 0.2653}, {0.0000, 1.0000}, {0.0001, -0.0770}, kAcesWhite};
constexpr Primaries kAp1{{0.713, 0.293}, {0.165, 0.830}, {0.128, 0.044}, kAcesWhite};

constexpr auto kUnsetPrimaries = AVCOL_PRI_UNSPECIFIED;
constexpr auto kUnsetTransfer = AVCOL_TRC_UNSPECIFIED;

const std::array<ColourSpace, 15> kSpaces{{
    {"srgb", "sRGB", kBt709, Transfer::Srgb, WhiteClass::Sdr, AVCOL_PRI_BT709, AVCOL_TRC_IEC61966_2_1,
     AVCOL_SPC_BT709},
    {"srgblinear", "sRGB - Linear", kBt709, Transfer::Linear, WhiteClass::Sdr, AVCOL_PRI_BT709, AVCOL_TRC_LINEAR,
     AVCOL_SPC_BT709},
    {"rec601ntsc", "Rec.601 (NTSC)", kSmpte170m, Transfer::Bt709, WhiteClass::Sdr, AVCOL_PRI_SMPTE170M,
     AVCOL_TRC_SMPTE170M, AVCOL_SPC_SMPTE170M},
    {"rec709", "Rec.709", kBt709, Transfer::Bt709, WhiteClass::Sdr, AVCOL_PRI_BT709, AVCOL_TRC_BT709,
     AVCOL_SPC_BT709},
    {"rec2020", "Rec.2020", kBt2020, Transfer::Bt709, WhiteClass::Hdr, AVCOL_PRI_BT2020, AVCOL_TRC_BT2020_10,
     AVCOL_SPC_BT2020_NCL},
    {"rec2020st2084pq", "Rec.2020 ST2084PQ", kBt2020, Transfer::Pq, WhiteClass::Hdr, AVCOL_PRI_BT2020,
     AVCOL_TRC_SMPTE2084, AVCOL_SPC_BT2020_NCL},
    {"rec2020hlg", "Rec.2020 HLG", kBt2020, Transfer::Hlg, WhiteClass::Hdr, AVCOL_PRI_BT2020,
     AVCOL_TRC_ARIB_STD_B67, AVCOL_SPC_BT2020_NCL},
    // H.273's SMPTE 428 transfer scales by 48/52.37 before its 2.6 power: not the page's plain gamma 2.6.
    {"dcip3", "DCI-P3", kP3D65, Transfer::Gamma26, WhiteClass::Hdr, AVCOL_PRI_SMPTE432, kUnsetTransfer,
     AVCOL_SPC_BT709},
    // H.273 has P3 with the DCI white (SMPTE 431) and with D65 (SMPTE 432), but none with D60.
    {"dcip3d60", "DCI-P3 (D60)", kP3D60, Transfer::Gamma26, WhiteClass::Hdr, kUnsetPrimaries, kUnsetTransfer,
     AVCOL_SPC_BT709},
    {"displayp3d65", "Display-P3 (D65)", kP3D65, Transfer::Srgb, WhiteClass::Hdr, AVCOL_PRI_SMPTE432,
     AVCOL_TRC_IEC61966_2_1, AVCOL_SPC_BT709},
    {"displayp3d65linear", "Display-P3 (D65) - Linear", kP3D65, Transfer::Linear, WhiteClass::Hdr,
     AVCOL_PRI_SMPTE432, AVCOL_TRC_LINEAR, AVCOL_SPC_BT709},
    // H.273 has no code for the ACES primaries.
    {"aces2065-1", "ACES2065-1", kAp0, Transfer::Linear, WhiteClass::Hdr, kUnsetPrimaries, AVCOL_TRC_LINEAR,
     AVCOL_SPC_BT709},
    {"acescg", "ACEScg", kAp1, Transfer::Linear, WhiteClass::Hdr, kUnsetPrimaries, AVCOL_TRC_LINEAR,
     AVCOL_SPC_BT709},
    {"acesproxy", "ACESproxy", kAp1, Transfer::AcesProxy, WhiteClass::Hdr, kUnsetPrimaries, kUnsetTransfer,
     AVCOL_SPC_BT709},
    {"passthrough", "Passthrough", kBt709, Transfer::None, WhiteClass::Sdr, kUnsetPrimaries, kUnsetTransfer,
     AVCOL_SPC_BT709},
}};

}  // namespace

std::span<const ColourSpace> colour_spaces() { return kSpaces; }

const ColourSpace* find_colour_space(std::string_view token) {
  for (const ColourSpace& space : kSpaces)
    if (space.token == token) return &space;
  return nullptr;
}

const ColourSpace& default_colour_space() { return kSpaces.front(); }

AVColorTransferCharacteristic transfer_tag(const ColourSpace& space, int bit_depth) {
  if (space.tag_transfer == AVCOL_TRC_BT2020_10 && bit_depth >= 12) return AVCOL_TRC_BT2020_12;
  return space.tag_transfer;
}


const ColourSpace& colour_space(std::string_view token, std::string_view flag) {
  if (const ColourSpace* space = find_colour_space(token)) return *space;
  std::string known;
  for (const ColourSpace& space : kSpaces) known += (known.empty() ? "" : ", ") + std::string(space.token);
  throw Error(ExitCode::Usage, fmt::format("--{} {}: not a colour space; use one of {}", flag, token, known));
}

}  // namespace frameout
