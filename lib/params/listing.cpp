#include "params/listing.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace frameout::params {

namespace {

bool listed(const ParamDef& def, std::optional<Command> command) { return !command || belongs_to(def, *command); }

std::string_view command_label(Command c) {
  return c == Command::Movie ? "movie" : c == Command::Audio ? "audio" : "both";
}

// A parameter as help and `frameout params` show it: name, label, type, default, range, status, help, menu.
std::string entry_text(const ParamDef& def) {
  const std::string status = def.status == Status::Implemented ? "" : fmt::format("  ({})", status_name(def.status));
  std::string out = fmt::format("  --{:<24} {} <{}>{}{}{}\n", def.name, def.label, kind_name(def.kind),
                                def.default_value.empty() ? "" : fmt::format(" default {}", def.default_value),
                                def.range ? fmt::format(" range {} to {}", def.range->min, def.range->max) : "", status);
  out += fmt::format("      {}\n", def.help);
  for (const auto& item : def.menu) {
    const std::string item_status =
        item.status == Status::Implemented || def.status != Status::Implemented ? "" : fmt::format(" ({})", status_name(item.status));
    out += fmt::format("        {:<20} {}{}\n", item.token, item.label, item_status);
  }
  return out;
}

// What nearly every job sets: where frames come from, where they go, in what, for how long, under which names.
std::vector<std::string_view> essential_names(Command command) {
  if (command == Command::Audio) return {"input", "file", "filetype", "codec", "duration", "uniquesuff", "n", "overwrite"};
  return {"input", "input-format", "file", "type", "videocodec", "videocodectype", "limitlength", "length",
          "lengthunit", "uniquesuff", "n", "overwrite"};
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
    out += entry_text(def);
  }
  return out;
}

std::string help_text(Command command) {
  const auto first = essential_names(command);
  std::string out = "\nMost jobs need:\n";
  for (const std::string_view name : first) out += entry_text(*find_param(name, command));

  // frameout's own page holds the inputs, so it comes before the reference pages.
  std::vector<Page> pages{Page::Frameout};
  for (const auto& def : all_params())
    if (belongs_to(def, command) && std::find(pages.begin(), pages.end(), def.page) == pages.end())
      pages.push_back(def.page);
  std::size_t left_out = 0;
  for (const Page page : pages) {
    std::string section;
    for (const auto& def : all_params()) {
      if (def.page != page || !belongs_to(def, command)) continue;
      if (std::find(first.begin(), first.end(), def.name) != first.end()) continue;
      if (def.status == Status::NotApplicable) {
        ++left_out;
        continue;
      }
      section += entry_text(def);
    }
    if (!section.empty()) out += fmt::format("\n[{}]\n{}", page_name(page), section);
  }
  if (left_out > 0)
    out += fmt::format("\n{} parameters that only mean something inside TouchDesigner are not shown; "
                       "'frameout params {}' lists them.\n",
                       left_out, command == Command::Audio ? "audio" : "movie");
  return out;
}

}  // namespace frameout::params
