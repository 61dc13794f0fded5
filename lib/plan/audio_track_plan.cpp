#include "plan/audio_track_plan.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "system/error.hpp"

namespace frameout {

namespace {

struct AudioCodecRule {
  std::string_view token;
  std::string_view encoder;
  std::vector<std::string_view> containers;  // preferred first
  int max_channels;
  bool has_bit_rate;
};

const std::vector<AudioCodecRule>& rules() {
  static const std::vector<AudioCodecRule> table = {
      {"alac", "alac", {"mov", "mp4", "mkv"}, 8, false},
      {"mp3", "libmp3lame", {"mov", "mp4", "mkv"}, 2, true},
      {"aac", "aac", {"mp4", "mov", "mkv"}, 8, true},
      {"vorbis", "libvorbis", {"mkv", "webm"}, 8, true},
      {"opus", "libopus", {"mp4", "mkv", "webm"}, 8, true},
      {"pcm16", "pcm_s16le", {"mov", "mkv"}, 16, false},
      {"pcm24", "pcm_s24le", {"mov", "mkv"}, 16, false},
      {"pcm32", "pcm_s32le", {"mov", "mkv"}, 16, false},
  };
  return table;
}

}  // namespace

AudioTrackSpec plan_audio_track(const Job& job, const std::string& container, const AudioInfo& input) {
  // WebM holds only Opus and Vorbis: there the default (AAC) gives way to Opus unless a codec was chosen.
  const std::string codec = container == "webm" && !job.given("audiocodec") ? "opus" : job.text("audiocodec");
  const auto rule = std::find_if(rules().begin(), rules().end(), [&](const auto& r) { return r.token == codec; });
  if (std::find(rule->containers.begin(), rule->containers.end(), container) == rule->containers.end())
    throw Error(ExitCode::Usage, fmt::format("--audiocodec {} cannot be stored in a {} container; use {} (or another "
                                             "--audiocodec)",
                                             codec, container, rule->containers.front()));
  if (input.channels > rule->max_channels)
    throw Error(ExitCode::Usage, fmt::format("--audiocodec {} holds at most {} channels and --audiochop has {}", codec,
                                             rule->max_channels, input.channels));
  if (job.given("audiobitrate") && !rule->has_bit_rate)
    spdlog::warn("--audiobitrate has no effect on {}: it is lossless", codec);

  AudioTrackSpec plan;
  plan.codec = codec;
  plan.encoder.encoder = std::string(rule->encoder);
  plan.encoder.rate = input.rate;
  plan.encoder.channels = input.channels;
  if (rule->has_bit_rate) {
    const int64_t kbps = std::stoll(job.text("audiobitrate").substr(1));
    // AAC counts the rate for the whole stream up to stereo and per channel beyond; the others per stream.
    const int64_t factor = codec == "aac" && input.channels > 2 ? input.channels : 1;
    plan.encoder.bit_rate = kbps * 1000 * factor;
  }
  plan.encoder.global_header = true;  // mov, mp4 and matroska keep codec headers out of band
  plan.encoder.deterministic = job.toggle("deterministic");
  return plan;
}

}  // namespace frameout
