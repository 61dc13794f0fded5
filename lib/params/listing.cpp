#include "params/listing.hpp"

#include <fmt/format.h>

namespace frameout::params {

namespace {

bool listed(const ParamDef& def, std::optional<Command> command) { return !command || belongs_to(def, *command); }

std::string_view command_label(Command c) {
  return c == Command::Movie ? "movie" : c == Command::Audio ? "audio" : "both";
}

}  // namespace

nlohmann::json listing_json(std::optional<Command> command) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& def : all_params()) {
    if (!listed(def, command)) continue;
    nlohmann::json entry = {{"name", def.name},           {"label", def.label},
                            {"page", page_name(def.page)}, {"command", command_label(def.command)},
                            {"type", kind_name(def.kind)}, {"default", def.default_value},
                            {"status", status_name(def.status)}, {"help", def.help}};
    if (!def.menu.empty()) {
      entry["menu"] = nlohmann::json::array();
      for (const auto& item : def.menu) {
        nlohmann::json token = {{"token", item.token}, {"label", item.label}, {"status", status_name(item.status)}};
        if (!item.sets.empty()) token["sets"] = item.sets;
        entry["menu"].push_back(token);
      }
    }
    if (!def.parts.empty()) entry["parts"] = def.parts;
    if (!def.unit.empty()) entry["unit"] = def.unit;
    if (def.range) entry["range"] = {def.range->min, def.range->max};
    out.push_back(entry);
  }
  return out;
}

std::string listing_text(std::optional<Command> command) {
  std::string out;
  std::optional<Page> page;
  for (const auto& def : all_params()) {
    if (!listed(def, command)) continue;
    if (page != def.page) {
      page = def.page;
      out += fmt::format("\n[{}]\n", page_name(def.page));
    }
    const std::string status = def.status == Status::Implemented ? "" : fmt::format("  ({})", status_name(def.status));
    out += fmt::format("  --{:<24} {} <{}>{}{}{}\n", def.name, def.label, kind_name(def.kind),
                       def.default_value.empty() ? "" : fmt::format(" default {}", def.default_value),
                       def.range ? fmt::format(" range {} to {}", def.range->min, def.range->max) : "", status);
    out += fmt::format("      {}\n", def.help);
    for (const auto& item : def.menu) {
      const std::string item_status =
          item.status == Status::Implemented || def.status != Status::Implemented ? "" : fmt::format(" ({})", status_name(item.status));
      out += fmt::format("        {:<20} {}{}\n", item.token, item.label, item_status);
    }
  }
  return out;
}

}  // namespace frameout::params
