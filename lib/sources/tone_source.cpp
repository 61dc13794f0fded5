#include "sources/tone_source.hpp"

#include <cmath>
#include <cstring>
#include <numbers>

#include "system/interrupt.hpp"

namespace frameout {

ToneSource::ToneSource(int rate, int channels, double frequency, double level_db)
    : info_{rate, channels, SampleFormat::F32, std::nullopt, "tone"},
      frequency_(frequency),
      amplitude_(std::pow(10.0, level_db / 20.0)) {}

AudioInfo ToneSource::info() const { return info_; }

ReadResult ToneSource::read(AudioBlock& block, int64_t max_frames) {
  if (interrupt_requested()) return ReadResult::End;
  block.format = SampleFormat::F32;
  block.channels = info_.channels;
  block.first_frame = next_frame_;
  block.data.resize(static_cast<size_t>(max_frames) * info_.frame_bytes());
  auto* out = reinterpret_cast<float*>(block.data.data());
  for (int64_t i = 0; i < max_frames; ++i) {
    // The phase comes from the absolute sample number, so blocks of any size join without a seam.
    const double t = static_cast<double>(next_frame_ + i) / info_.rate;
    const auto v = static_cast<float>(amplitude_ * std::sin(2.0 * std::numbers::pi * frequency_ * t));
    for (int c = 0; c < info_.channels; ++c) *out++ = v;
  }
  next_frame_ += max_frames;
  return ReadResult::Frame;
}

}  // namespace frameout
