#include "plan/container_rules.hpp"

#include <algorithm>

#include <fmt/format.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "core/error.hpp"
#include "formats/containers.hpp"

namespace frameout {

namespace {

std::string known_extensions() {
  std::string out;
  for (const auto& c : containers()) out += (out.empty() ? "" : ", ") + std::string(c.extensions.front());
  return out;
}

}  // namespace

std::pair<std::string, std::string> resolve_container(const VideoCodec& codec, const std::string& requested,
                                                      std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  const Container* from_extension = extension.empty() ? nullptr : container_for_extension(extension);
  const Container* chosen = nullptr;
  if (requested == "automatic") {
    if (!extension.empty() && from_extension == nullptr)
      throw Error(ExitCode::Usage, fmt::format("--file \"{}\": extension {} is not a movie container frameout writes "
                                               "({}); set --moviecontainer or change the extension",
                                               file.string(), extension, known_extensions()));
    chosen = from_extension != nullptr ? from_extension : find_container(codec.containers.front());
  } else {
    chosen = find_container(requested);
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
