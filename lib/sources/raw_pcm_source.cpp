#include "sources/raw_pcm_source.hpp"

#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

RawPcmSource::RawPcmSource(const std::string& path, const std::string& flag, int rate, int channels,
                           SampleFormat format)
    : stream_(path, flag), flag_(flag), info_{rate, channels, format, std::nullopt, stream_.name()} {
  if (const auto size = stream_.file_size()) info_.frame_count = *size / info_.frame_bytes();
}

AudioInfo RawPcmSource::info() const { return info_; }

ReadResult RawPcmSource::read(AudioBlock& block, int64_t max_frames) {
  const size_t frame_bytes = static_cast<size_t>(info_.frame_bytes());
  if (partial_bytes_ > 0)
    throw Error(ExitCode::Input,
                fmt::format("input \"{}\" ({}) ends with a partial sample frame: {} of {} bytes ({} channels of {}); "
                            "the {} complete sample frames before it were kept",
                            info_.name, flag_, partial_bytes_, frame_bytes, info_.channels,
                            sample_format_token(info_.format), next_frame_));
  block.format = info_.format;
  block.channels = info_.channels;
  block.first_frame = next_frame_;
  block.data.resize(static_cast<size_t>(max_frames) * frame_bytes);
  const size_t got = stream_.read_fully(block.data.data(), block.data.size());
  const size_t whole = got / frame_bytes * frame_bytes;
  block.data.resize(whole);
  next_frame_ += static_cast<int64_t>(whole / frame_bytes);
  partial_bytes_ = got - whole;  // reported on the next read, after the complete frames are delivered
  if (whole > 0) return ReadResult::Frame;
  return partial_bytes_ > 0 ? read(block, max_frames) : ReadResult::End;
}

}  // namespace frameout
