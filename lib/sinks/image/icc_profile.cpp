#include "sinks/image/icc_profile.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include <lcms2.h>
#include <spdlog/spdlog.h>

namespace frameout {

namespace {

// lcms stamps the time of creation into the header (bytes 24-35); a fixed one keeps files byte-identical.
constexpr size_t kDateOffset = 24;
constexpr std::array<uint8_t, 12> kFixedDate = {0x07, 0xEA, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0};  // 2026-01-01 00:00:00

void on_lcms_error(cmsContext, cmsUInt32Number, const char* text) { spdlog::debug("lcms2: {}", text); }

struct ContextDeleter {
  void operator()(void* context) const { cmsDeleteContext(static_cast<cmsContext>(context)); }
};
struct ProfileDeleter {
  void operator()(void* profile) const { cmsCloseProfile(static_cast<cmsHPROFILE>(profile)); }
};
struct CurveDeleter {
  void operator()(cmsToneCurve* curve) const { cmsFreeToneCurve(curve); }
};
struct MluDeleter {
  void operator()(cmsMLU* mlu) const { cmsMLUfree(mlu); }
};

// The decoding curve (code value to light) of a transfer, as ICC parametric type 4 where it is piecewise:
// Y = (a·X + b)^g for X >= d, Y = c·X below. Null where ICC has no exact curve.
std::unique_ptr<cmsToneCurve, CurveDeleter> tone_curve(cmsContext context, Transfer transfer) {
  switch (transfer) {
    case Transfer::Srgb: {
      const cmsFloat64Number p[5] = {2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045};
      return std::unique_ptr<cmsToneCurve, CurveDeleter>(cmsBuildParametricToneCurve(context, 4, p));
    }
    case Transfer::Bt709: {
      // The inverse of the BT.709 / BT.2020 camera curve with its exact constants.
      const cmsFloat64Number p[5] = {1.0 / 0.45, 1.0 / 1.099, 0.099 / 1.099, 1.0 / 4.5, 0.081};
      return std::unique_ptr<cmsToneCurve, CurveDeleter>(cmsBuildParametricToneCurve(context, 4, p));
    }
    case Transfer::Linear: return std::unique_ptr<cmsToneCurve, CurveDeleter>(cmsBuildGamma(context, 1.0));
    case Transfer::Gamma26: return std::unique_ptr<cmsToneCurve, CurveDeleter>(cmsBuildGamma(context, 2.6));
    case Transfer::Pq:
    case Transfer::Hlg:
    case Transfer::AcesProxy:
    case Transfer::None: return nullptr;
  }
  return nullptr;
}

bool set_text(cmsHPROFILE profile, cmsTagSignature tag, const std::string& text) {
  std::unique_ptr<cmsMLU, MluDeleter> mlu(cmsMLUalloc(cmsGetProfileContextID(profile), 1));
  return mlu && cmsMLUsetASCII(mlu.get(), "en", "US", text.c_str()) && cmsWriteTag(profile, tag, mlu.get());
}

}  // namespace

std::vector<uint8_t> icc_profile(const ColourSpace& space, IccChannels channels) {
  std::unique_ptr<void, ContextDeleter> context(cmsCreateContext(nullptr, nullptr));
  if (!context) return {};
  auto* ctx = static_cast<cmsContext>(context.get());
  cmsSetLogErrorHandlerTHR(ctx, on_lcms_error);
  const auto curve = tone_curve(ctx, space.transfer);
  if (!curve) return {};
  const Primaries& p = space.primaries;
  const cmsCIExyY white{p.white.x, p.white.y, 1.0};
  std::unique_ptr<void, ProfileDeleter> profile;
  if (channels == IccChannels::Rgb) {
    const cmsCIExyYTRIPLE primaries{{p.red.x, p.red.y, 1.0}, {p.green.x, p.green.y, 1.0}, {p.blue.x, p.blue.y, 1.0}};
    cmsToneCurve* curves[3] = {curve.get(), curve.get(), curve.get()};
    profile.reset(cmsCreateRGBProfileTHR(ctx, &white, &primaries, curves));
  } else {
    profile.reset(cmsCreateGrayProfileTHR(ctx, &white, curve.get()));
  }
  if (!profile) return {};
  const std::string name(space.label);
  if (!set_text(profile.get(), cmsSigProfileDescriptionTag, channels == IccChannels::Rgb ? name : name + " (grey)") ||
      !set_text(profile.get(), cmsSigCopyrightTag, "No copyright, use freely"))
    return {};
  cmsUInt32Number size = 0;
  if (!cmsSaveProfileToMem(profile.get(), nullptr, &size) || size < kDateOffset + kFixedDate.size()) return {};
  std::vector<uint8_t> bytes(size);
  if (!cmsSaveProfileToMem(profile.get(), bytes.data(), &size)) return {};
  std::copy(kFixedDate.begin(), kFixedDate.end(), bytes.begin() + kDateOffset);
  return bytes;
}

}  // namespace frameout
