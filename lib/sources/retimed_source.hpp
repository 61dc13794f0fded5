#pragma once
// A source whose frames are taken at another rate than the one it declares (--input-rate on media files).

#include <memory>

#include "sources/video_source.hpp"

namespace frameout {

//! Passes frames through unchanged but reports `rate` as the stream's rate.
class RetimedSource : public VideoSource {
 public:
  //! Wraps `inner`, overriding its rate.
  RetimedSource(std::unique_ptr<VideoSource> inner, Rational rate) : inner_(std::move(inner)), rate_(rate) {}
  StreamInfo info() const override {
    StreamInfo i = inner_->info();
    i.rate = rate_;
    return i;
  }
  ReadResult read(VideoFrame& frame) override { return inner_->read(frame); }
  void resume_clock() override { inner_->resume_clock(); }

 private:
  std::unique_ptr<VideoSource> inner_;
  Rational rate_;
};

}  // namespace frameout
