#include "formats/containers.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace frameout {

namespace {

// The keys libavformat's mov muxer writes as QuickTime user data, and its mp4 muxer as iTunes items, each
// read back under the same name (checked with ffprobe on FFmpeg 5.1).
const std::vector<Container>& container_table() {
  static const std::vector<Container> all = {
      {"mov", "mov", {".mov", ".qt"}, false,
       {"title", "author", "album", "date", "comment", "genre", "copyright", "make", "model", "location", "encoder"}},
      {"mp4", "mp4", {".mp4", ".m4v"}, false,
       {"title", "artist", "album_artist", "composer", "album", "date", "comment", "genre", "copyright", "grouping",
        "lyrics", "description", "synopsis", "show", "episode_id", "network", "keywords", "encoder"}},
      {"mkv", "matroska", {".mkv"}, true, {}},
      {"webm", "webm", {".webm"}, true, {}},
      // Not on the page's container menu: a .gif file with moviecontainer automatic. GIF holds no metadata and
      // no colour description.
      {"gif", "gif", {".gif"}, false, {}, false},
  };
  return all;
}

}  // namespace

std::span<const Container> containers() { return container_table(); }

const Container* find_container(std::string_view token) {
  for (const auto& c : container_table())
    if (c.token == token) return &c;
  return nullptr;
}

const Container* container_for_extension(std::string_view extension) {
  std::string lower(extension);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
  for (const auto& c : container_table())
    if (std::find(c.extensions.begin(), c.extensions.end(), lower) != c.extensions.end()) return &c;
  return nullptr;
}

}  // namespace frameout
