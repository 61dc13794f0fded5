#pragma once
// A source lent to one take of a recording: the takes that follow (record off, then on) read on from the same
// input, which outlives them all. The take may begin with a frame already read from it.

#include <optional>
#include <utility>

#include "sources/video_source.hpp"

namespace frameout {

//! Forwards to a source owned elsewhere, after handing out `first` when given.
class BorrowedSource : public VideoSource {
 public:
  //! Lends `inner`, which must outlive this object.
  BorrowedSource(VideoSource& inner, std::optional<VideoFrame> first) : inner_(inner), first_(std::move(first)) {}
  StreamInfo info() const override { return inner_.info(); }
  ReadResult read(VideoFrame& frame) override {
    if (!first_) return inner_.read(frame);
    frame = std::move(*first_);
    first_.reset();
    return ReadResult::Frame;
  }
  int64_t held_frames() const override { return inner_.held_frames(); }
  int64_t skipped_frames() const override { return inner_.skipped_frames(); }
  void resume_clock() override { inner_.resume_clock(); }

 private:
  VideoSource& inner_;
  std::optional<VideoFrame> first_;
};

}  // namespace frameout
