#include "plan/exr_layout.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

namespace {

constexpr std::array<char, 4> kLetters = {'r', 'g', 'b', 'a'};

std::string top_param(int block) { return fmt::format("input{}top", block); }
std::string name_param(int block, char letter) { return fmt::format("input{}{}", block, letter); }

ExrChannelNames block_names(const Job& job, int block) {
  ExrChannelNames names;
  for (size_t i = 0; i < kLetters.size(); ++i) names[i] = job.text(name_param(block, kLetters[i]));
  return names;
}

// Blocks the registry declares: 0 for the main input, then every inputNtop.
int last_block() {
  int block = 0;
  while (params::find_param(top_param(block + 1), params::Command::Movie) != nullptr) ++block;
  return block;
}

}  // namespace

ExrLayout exr_layout(const Job& job, ChannelSet main_channels) {
  ExrLayout layout;
  layout.names.push_back(block_names(job, 0));
  const bool mono = main_channels == ChannelSet::Mono || main_channels == ChannelSet::MonoAlpha;
  if (mono && !job.given("input0r")) layout.names[0][0].assign(1, 'Y');  // not = "Y": GCC 12 -Wrestrict false alarm
  for (int block = 1; block <= last_block(); ++block) {
    const std::string spec = job.text(top_param(block));
    if (spec.empty()) {
      for (const char letter : kLetters)
        if (job.given(name_param(block, letter)))
          throw Error(ExitCode::Usage, fmt::format("--{} names a channel of additional input {}, but --{} (or "
                                                   "--exr-input) does not give that input",
                                                   name_param(block, letter), block, top_param(block)));
      continue;
    }
    layout.inputs.push_back({block, spec});
    layout.names.push_back(block_names(job, block));
  }
  const bool any = std::any_of(layout.names.begin(), layout.names.end(), [](const ExrChannelNames& names) {
    return std::any_of(names.begin(), names.end(), [](const std::string& name) { return !name.empty(); });
  });
  if (!any) throw Error(ExitCode::Usage, "every EXR channel name (input0r … input0a) is empty: nothing would be written");
  return layout;
}

std::string first_exr_channel_param(const Job& job) {
  for (int block = 0; block <= last_block(); ++block) {
    if (block > 0 && job.given(top_param(block))) return top_param(block);
    for (const char letter : kLetters)
      if (job.given(name_param(block, letter))) return name_param(block, letter);
  }
  return "";
}

}  // namespace frameout
