#include "media/audio_block.hpp"

namespace frameout {

std::string_view sample_format_token(SampleFormat f) {
  switch (f) {
    case SampleFormat::S16: return "s16";
    case SampleFormat::S24: return "s24";
    case SampleFormat::S32: return "s32";
    case SampleFormat::F32: return "f32";
  }
  return "f32";
}

std::optional<SampleFormat> parse_sample_format(std::string_view token) {
  for (const auto f : {SampleFormat::S16, SampleFormat::S24, SampleFormat::S32, SampleFormat::F32})
    if (sample_format_token(f) == token) return f;
  return std::nullopt;
}

}  // namespace frameout
