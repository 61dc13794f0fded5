#include "sources/open_source.hpp"

#include <fmt/format.h>

#include "system/error.hpp"

#include "sources/audio_decode_source.hpp"
#include "sources/decode_source.hpp"
#include "sources/images/image_sequence_source.hpp"
#include "sources/layered_source.hpp"
#include "sources/raw_frame_source.hpp"
#include "sources/raw_pcm_source.hpp"
#include "sources/realtime_source.hpp"
#include "sources/retimed_source.hpp"
#include "sources/shm/gst_shm_source.hpp"
#include "sources/shm/shm_frame_source.hpp"
#include "sources/shm/shm_pcm_source.hpp"
#include "sources/testpattern_source.hpp"
#include "sources/tone_source.hpp"

namespace frameout {

namespace {

// Without --input-format stdin is decoded as a media file (DESIGN.md); when that fails, the likelier mistake is
// raw frames piped without a description, so the message says how to describe them.
std::unique_ptr<VideoSource> open_decoder(const VideoSourceSpec& spec) {
  if (spec.input != "-") return std::make_unique<DecodeSource>(spec.input, spec.read_options.max_pixels);
  try {
    return std::make_unique<DecodeSource>("pipe:0", spec.read_options.max_pixels);
  } catch (const Error& e) {
    if (e.code() != ExitCode::Input) throw;
    throw Error(e.code(), fmt::format("{}; --input - without --input-format is decoded as a media file: for raw "
                                      "frames on a pipe give --input-format, --input-size and --input-rate",
                                      e.what()));
  }
}

std::unique_ptr<VideoSource> open_spec(const VideoSourceSpec& spec) {
  switch (spec.kind) {
    case VideoSourceSpec::Kind::TestPattern:
      return std::make_unique<TestPatternSource>(spec.width, spec.height, spec.rate);
    case VideoSourceSpec::Kind::Raw:
      return std::make_unique<RawFrameSource>(spec.input, spec.width, spec.height, spec.raw_format, spec.rate);
    case VideoSourceSpec::Kind::Images:
      return std::make_unique<ImageSequenceSource>(spec.input, spec.frames, spec.missing, spec.read_options, spec.rate,
                                                   spec.rate_from_files);
    case VideoSourceSpec::Kind::Shm:
      return std::make_unique<ShmFrameSource>(
          spec.input, spec.param, spec.realtime, spec.tick_rate, spec.wait_for_restart,
          spec.declared ? std::optional<StreamInfo>(StreamInfo{spec.width, spec.height, spec.raw_format, spec.rate,
                                                               std::nullopt, "shm:" + spec.input})
                        : std::nullopt);
    case VideoSourceSpec::Kind::GstShm:
      return std::make_unique<GstShmSource>(spec.input, spec.param, spec.width, spec.height, spec.raw_format,
                                            spec.realtime ? spec.tick_rate.value_or(spec.rate) : spec.rate,
                                            spec.realtime);
    case VideoSourceSpec::Kind::Decode:
      break;
  }
  auto source = open_decoder(spec);
  if (spec.retime) return std::make_unique<RetimedSource>(std::move(source), spec.rate);
  return source;
}

}  // namespace

std::unique_ptr<VideoSource> open_video_source(const VideoSourceSpec& spec) {
  if (spec.param == "--input") {
    auto source = open_spec(spec);
    // Shared-memory inputs keep their own clock; every other input is paced at its rate here.
    if (spec.realtime && spec.kind != VideoSourceSpec::Kind::Shm && spec.kind != VideoSourceSpec::Kind::GstShm)
      return std::make_unique<RealtimeSource>(std::move(source));
    return source;
  }
  // An additional input's errors name its own parameter (input1top …), not --input.
  return naming_layer_param(spec.param.substr(2), [&] { return open_spec(spec); });
}

std::unique_ptr<AudioSource> open_audio_source(const AudioSourceSpec& spec) {
  switch (spec.kind) {
    case AudioSourceSpec::Kind::Tone:
      return std::make_unique<ToneSource>(spec.rate, spec.channels, spec.tone_frequency, spec.tone_level);
    case AudioSourceSpec::Kind::Raw:
      return std::make_unique<RawPcmSource>(spec.input, spec.param, spec.rate, spec.channels, spec.raw_format);
    case AudioSourceSpec::Kind::Shm:
      return std::make_unique<ShmPcmSource>(spec.input, spec.param, spec.wait_for_restart);
    case AudioSourceSpec::Kind::Decode:
      break;
  }
  return std::make_unique<AudioDecodeSource>(spec.input == "-" ? "pipe:0" : spec.input, spec.param);
}

}  // namespace frameout
