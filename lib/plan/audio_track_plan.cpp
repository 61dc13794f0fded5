#include "plan/audio_track_plan.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "formats/audio_codecs.hpp"
#include "system/error.hpp"

namespace frameout {

AudioTrackSpec plan_audio_track(const Job& job, const std::string& container, const AudioInfo& input) {
  // WebM holds only Opus and Vorbis: there the default (AAC) gives way to Opus unless a codec was chosen.
  const std::string codec = container == "webm" && !job.given("audiocodec") ? "opus" : job.text("audiocodec");
  const AudioCodec* rule = find_audio_codec(codec);
  if (rule == nullptr) throw Error(ExitCode::Usage, fmt::format("--audiocodec {}: not a sound-track codec", codec));
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
    const int64_t factor = rule->rate_per_channel_above_stereo && input.channels > 2 ? input.channels : 1;
    plan.encoder.bit_rate = kbps * 1000 * factor;
  }
  plan.encoder.global_header = true;  // mov, mp4 and matroska keep codec headers out of band
  plan.encoder.deterministic = job.toggle("deterministic");
  return plan;
}

}  // namespace frameout
