#include "plan/audio_plan.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "system/error.hpp"
#include "job/header_table.hpp"
#include "sinks/audio/encoded_audio_writer.hpp"

namespace frameout {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string filetype_for_extension(const std::string& extension) {
  const std::string e = lower(extension);
  if (e == ".wav") return "wav";
  if (e == ".aif" || e == ".aiff") return "aiff";
  if (e == ".mp3") return "mp3";
  if (e == ".ogg" || e == ".oga") return "ogg";
  return "";
}

SampleFormat pcm_format(const std::string& codec) {
  return codec == "pcm16" ? SampleFormat::S16 : codec == "pcm32" ? SampleFormat::S32 : SampleFormat::S24;
}

}  // namespace

AudioFileSpec plan_audio(const Job& job, int rate, int channels) {
  AudioFileSpec plan;
  plan.file = job.text("file");
  if (plan.file.empty()) throw Error(ExitCode::Usage, "--file is required: name the audio file to write");
  const std::string extension = plan.file.extension().string();
  const std::string from_extension = filetype_for_extension(extension);
  plan.filetype = job.given("filetype") || from_extension.empty() ? job.text("filetype") : from_extension;
  if (!extension.empty() && from_extension != plan.filetype)
    throw Error(ExitCode::Usage, fmt::format("--file \"{}\" has extension {} but --filetype is {}", plan.file.string(),
                                             extension, plan.filetype));
  if (extension.empty()) plan.file += "." + plan.filetype;

  const bool pcm = plan.filetype == "wav" || plan.filetype == "aiff";
  if (job.given("codec") && !pcm)
    spdlog::warn("--codec has no effect on {} files: the codec is fixed by the file type", plan.filetype);
  if (job.given("bitrate") && plan.filetype != "mp3") spdlog::warn("--bitrate only applies to mp3 files");
  if (job.given("ogg-quality") && plan.filetype != "ogg") spdlog::warn("--ogg-quality only applies to ogg files");
  plan.options.sample_format = pcm_format(job.text("codec"));
  plan.options.bitrate_kbps = std::stoi(job.text("bitrate").substr(1));
  plan.options.vorbis_quality = job.real("ogg-quality");
  if (plan.options.vorbis_quality < 0.0 || plan.options.vorbis_quality > 1.0)
    throw Error(ExitCode::Usage, "--ogg-quality must be between 0 and 1");
  plan.options.deterministic = job.toggle("deterministic");
  if (const std::string table = job.text("headerdat"); !table.empty()) plan.options.metadata = read_header_table(table);

  if (plan.filetype == "mp3" && channels > 2)
    throw Error(ExitCode::Usage, fmt::format("mp3 holds at most 2 channels and the input has {}; use --filetype ogg "
                                             "or wav",
                                             channels));
  if (plan.filetype == "ogg" && channels > 8)
    throw Error(ExitCode::Usage, fmt::format("ogg (Vorbis) holds at most 8 channels and the input has {}; use "
                                             "--filetype wav",
                                             channels));
  if (plan.filetype == "mp3" && !mp3_supports_rate(rate))
    spdlog::info("mp3 cannot store {} Hz: resampling to a rate it can", rate);

  plan.naming = {job.toggle("uniquesuff"), job.integer("n"), job.toggle("overwrite")};
  plan.record = job.toggle("record");
  plan.paused = job.toggle("pause");
  const double duration = job.real("duration");
  if (duration < 0) throw Error(ExitCode::Usage, "--duration must not be negative");
  if (duration > 0) {
    // A tiny duration rounds to no sample; one past int64 cannot be converted.
    const double samples = std::round(duration * rate);
    if (samples < 1 || samples >= 0x1p62)
      throw Error(ExitCode::Usage, fmt::format("--duration {} is {} at {} Hz", job.text("duration"),
                                               samples < 1 ? "shorter than one sample" : "longer than frameout can count", rate));
    plan.frame_limit = static_cast<int64_t>(samples);
  }
  return plan;
}

}  // namespace frameout
