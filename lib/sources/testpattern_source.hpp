#pragma once
// The built-in test pattern: colour bars, a grey ramp, a moving box, a frame counter and an alpha ramp.

#include "sources/video_source.hpp"

namespace frameout {

//! Deterministic endless moving pattern in rgba8fixed; frame N is the same on every run.
class TestPatternSource : public VideoSource {
 public:
  //! A pattern of the given size and rate.
  TestPatternSource(int width, int height, Rational rate);
  StreamInfo info() const override;
  ReadResult read(VideoFrame& frame) override;

 private:
  void draw_background();
  void draw_moving_box(VideoFrame& frame) const;
  void draw_counter(VideoFrame& frame) const;

  StreamInfo info_;
  std::vector<uint8_t> background_;
  int64_t next_index_ = 0;
};

}  // namespace frameout
