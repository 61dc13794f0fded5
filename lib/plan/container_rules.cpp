#include "plan/container_rules.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "core/error.hpp"

namespace frameout {

namespace {

struct ContainerEntry {
  std::string_view token;
  std::string_view muxer;
  std::array<std::string_view, 2> extensions;
};

constexpr std::array<ContainerEntry, 3> kContainers = {{
    {"mov", "mov", {".mov", ".qt"}},
    {"mp4", "mp4", {".mp4", ".m4v"}},
    {"mkv", "matroska", {".mkv", ""}},
}};

const ContainerEntry* by_token(std::string_view token) {
  for (const auto& c : kContainers)
    if (c.token == token) return &c;
  return nullptr;
}

const ContainerEntry* by_extension(std::string extension) {
  std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char ch) { return std::tolower(ch); });
  for (const auto& c : kContainers)
    if (std::find(c.extensions.begin(), c.extensions.end(), extension) != c.extensions.end() && !extension.empty())
      return &c;
  return nullptr;
}

}  // namespace

std::pair<std::string, std::string> resolve_container(const VideoCodec& codec, const std::string& requested,
                                                      std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  const ContainerEntry* from_extension = by_extension(extension);
  const ContainerEntry* chosen = nullptr;
  if (requested == "automatic") {
    if (!extension.empty() && from_extension == nullptr)
      throw Error(ExitCode::Usage, fmt::format("--file \"{}\": extension {} is not a movie container frameout writes "
                                               "(.mov, .mp4, .mkv); set --moviecontainer or change the extension",
                                               file.string(), extension));
    chosen = from_extension != nullptr ? from_extension : by_token(codec.containers.front());
  } else {
    chosen = by_token(requested);
    if (chosen == nullptr)
      throw Error(ExitCode::Unavailable, fmt::format("--moviecontainer {} is not implemented yet in this build", requested));
    if (!extension.empty() && from_extension != chosen)
      throw Error(ExitCode::Usage, fmt::format("--file \"{}\" has extension {} but --moviecontainer is {}; use {}",
                                               file.string(), extension, requested, chosen->extensions[0]));
  }
  if (extension.empty()) file += std::string(chosen->extensions[0]);

  const bool listed = std::find(codec.containers.begin(), codec.containers.end(), chosen->token) != codec.containers.end();
  const AVOutputFormat* muxer = av_guess_format(std::string(chosen->muxer).c_str(), nullptr, nullptr);
  const AVCodec* encoder = avcodec_find_encoder_by_name(std::string(codec.encoder).c_str());
  const bool libav_agrees = muxer != nullptr && encoder != nullptr &&
                            avformat_query_codec(muxer, encoder->id, FF_COMPLIANCE_NORMAL) != 0;
  if (!listed || !libav_agrees)
    throw Error(ExitCode::Usage, fmt::format("--videocodec {} cannot be stored in a {} container (--moviecontainer / "
                                             "--file \"{}\"); use {}",
                                             codec.token, chosen->token, file.string(), codec.containers.front()));
  return {std::string(chosen->token), std::string(chosen->muxer)};
}

}  // namespace frameout
