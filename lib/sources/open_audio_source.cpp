#include "sources/open_audio_source.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "sources/audio_decode_source.hpp"
#include "sources/raw_pcm_source.hpp"
#include "sources/tone_source.hpp"

namespace frameout {

std::unique_ptr<AudioSource> open_audio_source(const Job& job, const std::string& spec, const std::string& flag) {
  if (spec.empty()) throw Error(ExitCode::Usage, fmt::format("{} is required: tone, '-' (stdin), a raw PCM file or a media file", flag));
  const int64_t rate = job.integer("audio-rate"), channels = job.integer("audio-channels");
  if (rate < 1000 || rate > 768000) throw Error(ExitCode::Usage, fmt::format("--audio-rate {} must be 1000 to 768000 Hz", rate));
  if (channels < 1 || channels > 16) throw Error(ExitCode::Usage, fmt::format("--audio-channels {} must be 1 to 16", channels));
  if (spec == "tone") {
    const double frequency = job.real("tone-frequency");
    if (!(frequency > 0) || frequency >= rate / 2.0)
      throw Error(ExitCode::Usage, fmt::format("--tone-frequency {} must be above 0 and below half the sample rate",
                                               job.text("tone-frequency")));
    return std::make_unique<ToneSource>(static_cast<int>(rate), static_cast<int>(channels), frequency,
                                        job.real("tone-level"));
  }
  if (spec.rfind("shm:", 0) == 0)
    throw Error(ExitCode::Unavailable, fmt::format("{} {}: shared-memory input is not implemented yet", flag, spec));
  if (job.given("audio-format"))
    return std::make_unique<RawPcmSource>(spec, flag, static_cast<int>(rate), static_cast<int>(channels),
                                          *parse_sample_format(job.text("audio-format")));
  for (const char* raw_only : {"audio-rate", "audio-channels"})
    if (job.given(raw_only))
      throw Error(ExitCode::Usage, fmt::format("--{} describes raw PCM; give --audio-format too, or leave it out for "
                                               "media files, which carry their own",
                                               raw_only));
  return std::make_unique<AudioDecodeSource>(spec == "-" ? "pipe:0" : spec, flag);
}

}  // namespace frameout
