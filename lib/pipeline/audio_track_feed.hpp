#pragma once
// The sound track stages of a movie: read PCM (--audiochop) and encode it, in two threads of their own,
// so video and audio from two pipes never wait on each other whichever the producer writes first.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "system/error.hpp"
#include "media/libav.hpp"
#include "pipeline/bounded_queue.hpp"
#include "media/counters.hpp"
#include "pipeline/failure_latch.hpp"
#include "sinks/audio/audio_encoder.hpp"
#include "sources/audio_source.hpp"

namespace frameout {

//! Reads and encodes the audio track, handing packets to the movie's muxing queue.
class AudioTrackFeed {
 public:
  //! `deliver` takes each encoded packet (false: the run was aborted). The encoder is opened here.
  AudioTrackFeed(std::unique_ptr<AudioSource> source, const AudioEncoderSettings& settings, Counters& counters,
                 std::function<bool(AvPacketPtr)> deliver);

  //! Starts the read and encode threads; their failures go to `failure`.
  void start(FailureLatch& failure, std::vector<std::jthread>& threads, std::function<void()> on_done);
  //! Stops reading once `samples` sample frames were read (the video's length, once known).
  void limit_samples(int64_t samples);
  //! Lets a source that can wait read up to `seconds` of audio (the video's progress plus a margin).
  void allow_until(double seconds);
  //! Wakes and stops both threads after a failure.
  void abort();
  //! The encoder (stream parameters for the muxer).
  const AVCodecContext* encoder_context() const { return encoder_.context(); }
  //! The input's description.
  const AudioInfo& info() const { return info_; }
  //! The input error that ended the track early, if any (read after the threads joined).
  const std::optional<Error>& input_error() const { return input_error_; }

 private:
  void read_stage();
  void pad_to_limit(int64_t read, int64_t block_frames);
  void encode_stage();

  std::unique_ptr<AudioSource> source_;
  AudioInfo info_;
  AudioEncoder encoder_;
  Counters& counters_;
  std::function<bool(AvPacketPtr)> deliver_;
  BoundedQueue<AudioBlock> blocks_;
  std::atomic<int64_t> sample_limit_{INT64_MAX};
  std::atomic<double> allowed_seconds_{0.0};
  std::atomic<bool> aborted_{false};
  std::optional<Error> input_error_;
};

}  // namespace frameout
