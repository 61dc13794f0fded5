#pragma once
// A consumer's side of frameout's shared-memory ring (docs/shm-protocol.md): attach to a producer's
// segment (waiting for it to appear), take published slots with the seqlock check, notice a producer that
// ended, died or went silent, and detach so a waiting producer goes on.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "frameout/shm_producer.h"

namespace frameout {

//! One attachment to a ring; not thread-safe (one reading thread).
class ShmRing {
 public:
  //! How slots are taken: every one in order (the producer waits for room), or the newest (it never waits).
  enum class Mode { Lossless, Latest };

  //! Attaches to shm:`name`, waiting until a producer has created it; throws Error(Input) naming `param` when
  //! the segment is not a ring of `kind` or is damaged, Error(Usage) when another live consumer is attached,
  //! and Error(Interrupted or Terminated) when a stop is requested while waiting. `wait_for_restart`: a
  //! producer that ends, dies or falls silent is waited for to come back (a new session of the same stream)
  //! instead of ending the stream.
  ShmRing(const std::string& name, std::string param, fo_shm_kind kind, Mode mode, bool wait_for_restart);
  ~ShmRing();
  ShmRing(const ShmRing&) = delete;
  ShmRing& operator=(const ShmRing&) = delete;

  //! The producer's description of the stream.
  const fo_shm_header& header() const { return *header_; }

  //! A copied slot.
  struct Slot {
    uint64_t index = 0;         //!< the slot's number in the stream
    uint64_t timestamp_ns = 0;  //!< CLOCK_MONOTONIC when it was published
    std::vector<uint8_t> payload;  //!< its bytes
  };
  //! Lossless: the next slot in order, waiting for it; false when the stream is over (the producer ended,
  //! died, fell silent for 2 s, or a stop was requested).
  bool next(Slot& slot);
  //! Latest: the newest complete slot published by `published_by` (CLOCK_MONOTONIC ns; any time by default),
  //! or the oldest one still in the ring when all came later, of those newer than the one taken last, without
  //! waiting; false when there is none. `skipped` grows by the slots passed over.
  bool newest(Slot& slot, int64_t& skipped, uint64_t published_by = UINT64_MAX);
  //! Waits up to `timeout_ns` for a slot not taken yet; false when the stream is over (as for next()).
  bool wait_for_publish(long timeout_ns);
  //! Whether the stream is over: the producer ended, died or fell silent for 2 s (and is not waited for), or a
  //! stop was requested. Waiting for a restarted producer happens here.
  bool stream_over();
  //! Slots published after the one taken last (Latest: those the stream ended before reaching).
  int64_t untaken() const;
  //! Slots read back torn (overwritten during the copy) and retried or passed over.
  int64_t torn_reads() const { return torn_reads_; }

 private:
  //! A mapped segment.
  struct Mapping {
    fo_shm_header* header = nullptr;
    size_t bytes = 0;
  };
  Mapping map_segment(uint64_t other_than_session);
  void claim(Mapping mapping, bool from_start);
  void release();
  std::string producer_gone() const;
  void wait_for_new_session(const std::string& why);
  bool copy_slot(uint64_t index, Slot& slot);
  std::optional<uint64_t> published_time(uint64_t index) const;

  std::string shm_name_;
  std::string param_;
  fo_shm_kind kind_;
  Mode mode_;
  bool wait_for_restart_;
  fo_shm_header* header_ = nullptr;
  size_t mapped_bytes_ = 0;
  uint64_t next_ = 0;
  bool have_taken_ = false;
  bool over_ = false;
  int64_t torn_reads_ = 0;
};

}  // namespace frameout
