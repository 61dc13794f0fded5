#include "sources/raw_frame_source.hpp"

#include <fmt/format.h>

#include "system/error.hpp"
#include "system/interrupt.hpp"

namespace frameout {

RawFrameSource::RawFrameSource(const std::string& path, int width, int height, PixelFormat format, Rational rate)
    : stream_(path, "--input") {
  info_ = {width, height, format, rate, std::nullopt, stream_.name()};
  if (const auto size = stream_.file_size())
    info_.frame_count = static_cast<int64_t>(*size / static_cast<int64_t>(format.frame_bytes(width, height)));
}

StreamInfo RawFrameSource::info() const { return info_; }

ReadResult RawFrameSource::read(VideoFrame& frame) {
  const size_t bytes = info_.format.frame_bytes(info_.width, info_.height);
  frame.width = info_.width;
  frame.height = info_.height;
  frame.format = info_.format;
  frame.index = next_index_;
  // A regular file's frames are mapped rather than copied: the kernel's copy was a quarter of the CPU time
  // of fast codecs.
  frame.view = interrupt_requested() ? nullptr : stream_.map_next(bytes);
  if (frame.view) {
    frame.data.clear();
    ++next_index_;
    return ReadResult::Frame;
  }
  frame.data.resize(bytes);
  const size_t got = stream_.read_fully(frame.data.data(), bytes);
  if (got == bytes) {
    ++next_index_;
    return ReadResult::Frame;
  }
  if (got == 0 || interrupt_requested()) return ReadResult::End;
  throw Error(ExitCode::Input,
              fmt::format("input \"{}\" (--input) ends with a truncated frame: {} of {} bytes of frame {} "
                          "({}x{} {}); the {} complete frames before it were kept",
                          info_.name, got, bytes, next_index_, info_.width, info_.height, info_.format.token,
                          next_index_));
}

}  // namespace frameout
