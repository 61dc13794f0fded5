#include "plan/container_rules.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "system/error.hpp"
#include "formats/containers.hpp"
#include "sources/images/image_reader.hpp"

namespace frameout {

namespace {

std::string known_extensions() {
  std::vector<std::string_view> extensions;
  for (const auto& c : containers()) extensions.push_back(c.extensions.front());
  return fmt::format("{}", fmt::join(extensions, ", "));
}

}  // namespace

std::pair<std::string, std::string> resolve_container(const VideoCodec& codec, const std::string& requested,
                                                      std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  const Container* from_extension = extension.empty() ? nullptr : container_for_extension(extension);
  const Container* chosen = nullptr;
  if (requested == "automatic") {
    // --type defaults to movie, so `--file still.png` alone lands here: the type is what was forgotten.
    if (!extension.empty() && from_extension == nullptr && has_image_reader(file))
      throw Error(ExitCode::Usage, fmt::format("--file \"{}\": {} is an image format, but --type is movie; add --type "
                                               "image for one still or --type imagesequence for a file per frame",
                                               file.string(), extension));
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

  // The descriptor is the truth (the codec matrix test writes and decodes every pair it lists): libav's own
  // avformat_query_codec says no to pairs its muxers write well, such as CineForm in mov and Matroska.
  const bool listed = std::find(codec.containers.begin(), codec.containers.end(), chosen->token) != codec.containers.end();
  if (!listed)
    throw Error(ExitCode::Usage, fmt::format("--videocodec {} cannot be stored in a {} container (--moviecontainer / "
                                             "--file \"{}\"); use {}",
                                             codec.token, chosen->token, file.string(), codec.containers.front()));
  return {std::string(chosen->token), std::string(chosen->muxer)};
}

}  // namespace frameout
