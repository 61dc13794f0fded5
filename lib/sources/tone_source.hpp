#pragma once
// The built-in test tone: a sine of a given frequency and level on every channel.

#include "sources/audio_source.hpp"

namespace frameout {

//! An endless f32 sine, the same samples on every run.
class ToneSource : public AudioSource {
 public:
  //! A tone of `frequency` Hz at `level_db` dBFS.
  ToneSource(int rate, int channels, double frequency, double level_db);
  AudioInfo info() const override;
  ReadResult read(AudioBlock& block, int64_t max_frames) override;
  bool can_wait() const override { return true; }

 private:
  AudioInfo info_;
  double frequency_;
  double amplitude_;
  int64_t next_frame_ = 0;
};

}  // namespace frameout
