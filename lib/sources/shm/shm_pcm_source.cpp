#include "sources/shm/shm_pcm_source.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

namespace {

AudioInfo describe(const fo_shm_header& h, const std::string& name, const std::string& param) {
  const std::string where = fmt::format("{} shm:{}", param, name);
  const std::string token(h.format, strnlen(h.format, sizeof h.format));
  const std::optional<SampleFormat> format = parse_sample_format(token);
  if (!format) throw Error(ExitCode::Input, fmt::format("{}: unknown sample format \"{}\" in the ring", where, token));
  if (h.channels < 1 || h.channels > 16)
    throw Error(ExitCode::Input, fmt::format("{}: {} channels in the ring (1 to 16 are recorded)", where, h.channels));
  if (h.rate_den != 1 || h.rate_num < 1000 || h.rate_num > 768000)
    throw Error(ExitCode::Input, fmt::format("{}: sample rate {}/{} in the ring (1000 to 768000 Hz)", where, h.rate_num,
                                             h.rate_den));
  AudioInfo info{static_cast<int>(h.rate_num), static_cast<int>(h.channels), *format, std::nullopt, "shm:" + name};
  if (h.row_bytes != static_cast<uint32_t>(info.frame_bytes()))
    throw Error(ExitCode::Input, fmt::format("{}: {} bytes per sample frame in the ring; {} channels of {} take {}",
                                             where, h.row_bytes, h.channels, token, info.frame_bytes()));
  return info;
}

}  // namespace

ShmPcmSource::ShmPcmSource(const std::string& name, const std::string& param, bool wait_for_restart)
    : ring_(name, param, FO_SHM_AUDIO, ShmRing::Mode::Lossless, wait_for_restart), info_(describe(ring_.header(), name, param)) {}

ReadResult ShmPcmSource::read(AudioBlock& block, int64_t max_frames) {
  const size_t frame_bytes = static_cast<size_t>(info_.frame_bytes());
  while (used_ >= slot_.payload.size()) {
    if (!ring_.next(slot_)) return ReadResult::End;
    used_ = 0;
    if (slot_.payload.size() % frame_bytes != 0)
      throw Error(ExitCode::Input, fmt::format("{}: slot {} holds {} bytes, not whole sample frames of {} bytes",
                                               info_.name, slot_.index, slot_.payload.size(), frame_bytes));
  }
  const size_t bytes = std::min((slot_.payload.size() - used_) / frame_bytes, static_cast<size_t>(max_frames)) *
                       frame_bytes;
  block.format = info_.format;
  block.channels = info_.channels;
  block.first_frame = next_frame_;
  block.data.assign(slot_.payload.begin() + static_cast<std::ptrdiff_t>(used_),
                    slot_.payload.begin() + static_cast<std::ptrdiff_t>(used_ + bytes));
  used_ += bytes;
  next_frame_ += static_cast<int64_t>(bytes / frame_bytes);
  return ReadResult::Frame;
}

}  // namespace frameout
