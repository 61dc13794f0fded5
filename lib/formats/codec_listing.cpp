#include "formats/codec_listing.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "params/registry.hpp"
#include "formats/video_codecs.hpp"

namespace frameout {

nlohmann::json codecs_json() {
  nlohmann::json out = nlohmann::json::array();
  // Walk the videocodec menu so tokens planned for later builds are listed too, with the reason.
  const auto* menu = params::find_param("videocodec", params::Command::Movie);
  for (const auto& item : menu->menu) {
    nlohmann::json entry = {{"token", item.token}, {"label", item.label}};
    if (const VideoCodec* codec = find_codec(item.token)) {
      const Availability a = codec_availability(*codec);
      entry["available"] = a.available;
      entry["reason"] = a.reason;
      entry["encoder"] = codec->encoder;
      entry["containers"] = codec->containers;
      entry["types"] = nlohmann::json::array();
      for (const auto& type : codec->types) entry["types"].push_back(type.token);
      entry["pixel_formats"] = nlohmann::json::array();
      for (const auto& format : codec->pixel_formats) entry["pixel_formats"].push_back(format.token);
    } else {
      entry["available"] = false;
      entry["reason"] = "not implemented yet in this build";
    }
    out.push_back(entry);
  }
  return out;
}

std::string codecs_text() {
  std::string out;
  for (const auto& c : codecs_json()) {
    const bool ok = c["available"].get<bool>();
    out += fmt::format("{:<10} {:<4} {}", c["token"].get<std::string>(), ok ? "yes" : "no", c["label"].get<std::string>());
    if (ok)
      out += fmt::format("  [containers: {}; pixel formats: {}{}]", fmt::join(c["containers"].get<std::vector<std::string>>(), ", "),
                         fmt::join(c["pixel_formats"].get<std::vector<std::string>>(), ", "),
                         c["types"].empty() ? "" : fmt::format("; types: {}", fmt::join(c["types"].get<std::vector<std::string>>(), ", ")));
    else
      out += fmt::format("  — {}", c["reason"].get<std::string>());
    out += "\n";
  }
  return out;
}

}  // namespace frameout
