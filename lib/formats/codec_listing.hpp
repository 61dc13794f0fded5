#pragma once
// `frameout codecs`: what this build can write and why anything is unavailable.

#include <string>

#include <nlohmann/json.hpp>

namespace frameout {

//! Every videocodec token with availability, reason, containers, types and pixel formats.
nlohmann::json codecs_json();
//! The same as readable text.
std::string codecs_text();

}  // namespace frameout
