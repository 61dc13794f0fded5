#pragma once
// PCM from a producer's shared-memory ring (`--input shm:NAME` for audio files, `--audiochop shm:NAME` for a
// movie's sound track): every block in order, the producer waiting for room, so no sample is lost.

#include <string>

#include "sources/audio_source.hpp"
#include "sources/shm/shm_ring.hpp"

namespace frameout {

//! Reads the audio slots of a frameout shm ring.
class ShmPcmSource : public AudioSource {
 public:
  //! Attaches to shm:`name` (waiting for its producer); `param` names the flag in messages.
  //! `wait_for_restart`: a producer that goes away is waited for (see ShmRing).
  ShmPcmSource(const std::string& name, const std::string& param, bool wait_for_restart);
  AudioInfo info() const override { return info_; }
  ReadResult read(AudioBlock& block, int64_t max_frames) override;
  //! A live producer must be drained.
  bool can_wait() const override { return false; }

 private:
  ShmRing ring_;
  AudioInfo info_;
  ShmRing::Slot slot_;
  size_t used_ = 0;  // bytes of the current slot already handed out
  int64_t next_frame_ = 0;
};

}  // namespace frameout
