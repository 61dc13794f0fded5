#include "params/commands.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "params/spelling.hpp"

namespace frameout::params {

namespace {

constexpr std::array kCommands{
    CommandDef{"movie", "[--name value ...]", "Movie File Out: write a movie, an image sequence or a still"},
    CommandDef{"audio", "[--name value ...]", "Audio File Out: write an audio file"},
    CommandDef{"send", "INPUT-FLAGS --to shm:NAME [--slots N]",
               "Publish any input (test pattern, raw frames, media) into a shared-memory ring"},
    CommandDef{"recover", "PART-FILE [--file OUT] [--overwrite on]",
               "Finish a movie a killed recording left under its temporary name"},
    CommandDef{"run", "JOB.json [--set NAME=VALUE ...]", "Run a JSON job file: one job or {\"jobs\": [...]}"},
    CommandDef{"params", "[movie|audio] [--json]", "List the parameters: name, label, type, menu tokens, default, status"},
    CommandDef{"codecs", "[--json]", "What this build can write, and why anything is unavailable"},
    CommandDef{"version", "", "Versions of frameout and of the libraries it uses, and the encoders available"},
};

}  // namespace

std::span<const CommandDef> commands() { return kCommands; }

std::optional<std::string_view> suggest_command(std::string_view typed) {
  std::string lower(typed);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // Two edits catch swapped, missing and doubled letters (moive, movi, auddio) without matching unrelated words.
  std::optional<std::string_view> best;
  std::size_t best_distance = 3;
  for (const CommandDef& command : kCommands) {
    const std::size_t distance = edit_distance(lower, command.name);
    if (distance < best_distance) {
      best_distance = distance;
      best = command.name;
    }
  }
  return best;
}

}  // namespace frameout::params
