#pragma once
// `frameout params` and `--help`: the registry as a readable table or as JSON.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "params/registry.hpp"

namespace frameout::params {

//! Every parameter of the command (or of both when nullopt) as JSON objects.
nlohmann::json listing_json(std::optional<Command> command);
//! The same as readable text grouped by page, with menu tokens, defaults and status.
std::string listing_text(std::optional<Command> command);
//! `frameout movie|audio --help`: the parameters most jobs set first, then the rest by page, leaving out those
//! with no meaning outside TouchDesigner (which `listing_text` still shows).
std::string help_text(Command command);

}  // namespace frameout::params
