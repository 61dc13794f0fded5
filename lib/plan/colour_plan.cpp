#include "plan/colour_plan.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

extern "C" {
#include <libavutil/pixdesc.h>
}

#include "sinks/image/icc_profile.hpp"
#include "system/error.hpp"

namespace frameout {

namespace {

constexpr std::string_view kHdrFlags[] = {"mastering-display", "max-cll", "max-fall"};

std::vector<std::string> given_hdr_flags(const Job& job) {
  std::vector<std::string> given;
  for (const std::string_view name : kHdrFlags)
    if (job.given(name)) given.push_back(fmt::format("--{}", name));
  return given;
}

}  // namespace

void say_untagged(const ColourSpace& space, std::string_view consequence) {
  const bool primaries = space.tag_primaries == AVCOL_PRI_UNSPECIFIED;
  const bool transfer = space.tag_transfer == AVCOL_TRC_UNSPECIFIED;
  if (is_passthrough(space) || (!primaries && !transfer)) return;
  const std::string_view parts = primaries && transfer ? "primaries or transfer" : primaries ? "primaries" : "transfer";
  spdlog::debug("--outputcolorspace {}: H.273 has no code for the {} of {}, so {}", space.token, parts, space.label,
                consequence);
}

ColorTags movie_colour_tags(const ColourSpace& space, const VideoCodec& codec, AVPixelFormat pixel_format) {
  const AVPixFmtDescriptor* layout = av_pix_fmt_desc_get(pixel_format);
  ColorTags tags;
  tags.primaries = space.tag_primaries;
  tags.transfer = transfer_tag(space, layout->comp[0].depth);
  const bool rgb = (layout->flags & AV_PIX_FMT_FLAG_RGB) != 0;
  // JPEG fixes its own matrix (BT.601, JFIF): decoders apply it whatever the container says, so mjpa uses it.
  // Passthrough keeps its matrix too: it is how the stored Y'CbCr gives back the untouched RGB values.
  tags.matrix = rgb ? AVCOL_SPC_RGB : codec.jpeg_colour ? AVCOL_SPC_BT470BG : space.yuv_matrix;
  // JPEG and RGB codecs store full-range values; the other Y'CbCr codecs use video (limited) range.
  tags.range = rgb || codec.jpeg_colour ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
  say_untagged(space, "the movie's tags say unspecified there");
  return tags;
}

void say_image_untagged(const ColourSpace& space, std::string_view token) {
  if (is_passthrough(space)) return;
  if (token == "png") {
    say_untagged(space, "the PNG files get no cICP chunk");
  } else if ((token == "tiff" || token == "jpeg") && icc_profile(space, IccChannels::Rgb).empty()) {
    spdlog::debug("--outputcolorspace {}: an ICC profile has no exact curve for the transfer of {}, so the {} files "
                  "carry no profile",
                  space.token, space.label, token);
  } else if (token == "bmp" || token == "dds") {
    spdlog::debug("--outputcolorspace {}: {} files hold no colour description", space.token, token);
  }
}

HdrMetadata plan_hdr_metadata(const Job& job, const ColourSpace& space) {
  const std::vector<std::string> given = given_hdr_flags(job);
  if (given.empty()) return {};
  HdrMetadata hdr;
  if (job.given("mastering-display"))
    hdr.mastering = parse_mastering_display(job.text("mastering-display"), "mastering-display");
  if (job.given("max-cll") || job.given("max-fall")) {
    hdr.light = ContentLightLevel{static_cast<uint32_t>(job.integer("max-cll")),
                                  static_cast<uint32_t>(job.integer("max-fall"))};
    if (hdr.light->max_cll != 0 && hdr.light->max_fall > hdr.light->max_cll)
      throw Error(ExitCode::Usage, fmt::format("--max-fall {} is above --max-cll {}: no frame's average can be "
                                               "brighter than its brightest pixel",
                                               hdr.light->max_fall, hdr.light->max_cll));
  }
  if (space.transfer != Transfer::Pq && space.transfer != Transfer::Hlg) {
    spdlog::warn("{} not written: they describe HDR pictures, and the output's colour space, {}, is neither PQ nor "
                 "HLG (--outputcolorspace rec2020st2084pq or rec2020hlg)",
                 fmt::join(given, ", "), space.token);
    return {};
  }
  return hdr;
}

HdrMetadata plan_hdr_metadata(const Job& job, const ColourSpace& space, const Container& container) {
  HdrMetadata hdr = plan_hdr_metadata(job, space);
  if (!hdr.empty() && !container.colour_metadata) {
    spdlog::warn("{} not written: {} files hold no colour description", fmt::join(given_hdr_flags(job), ", "),
                 container.token);
    return {};
  }
  return hdr;
}

}  // namespace frameout
