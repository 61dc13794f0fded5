#include "sources/shm/shm_ring.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "system/error.hpp"
#include "system/interrupt.hpp"
#include "system/prefault.hpp"

namespace frameout {

namespace {

constexpr uint64_t kSilentProducerNs = 2'000'000'000;  // a heartbeat older than this: the producer is gone
constexpr long kPollNs = 2'000'000;  // longest wait before looking again (producers without futex wake-ups)

template <typename T>
T load(const T& field) {
  return __atomic_load_n(&field, __ATOMIC_ACQUIRE);
}

template <typename T>
void store(T& field, T value) {
  __atomic_store_n(&field, value, __ATOMIC_RELEASE);
}

bool process_gone(uint32_t pid) { return pid == 0 || (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH); }

[[noreturn]] void stopped_while_waiting(const std::string& param, const std::string& name) {
  const int signal = interrupt_signal();
  throw Error(signal == SIGTERM ? ExitCode::Terminated : ExitCode::Interrupted,
              fmt::format("{} shm:{}: stopped while waiting for its producer; nothing was recorded", param, name));
}

}  // namespace

ShmRing::ShmRing(const std::string& name, std::string param, fo_shm_kind kind, Mode mode, bool wait_for_restart)
    : shm_name_("/" + name), param_(std::move(param)), kind_(kind), mode_(mode), wait_for_restart_(wait_for_restart) {
  if (name.empty() || name.size() > FO_SHM_NAME_MAX || name.find('/') != std::string::npos)
    throw Error(ExitCode::Usage, fmt::format("{} shm:{}: a ring name is 1 to {} characters without '/'", param_, name,
                                             FO_SHM_NAME_MAX));
  bool waited = false;
  Mapping mapping;
  while (!(mapping = map_segment(0)).header) {
    if (interrupt_requested()) stopped_while_waiting(param_, name);
    if (!waited) spdlog::info("{} shm:{}: waiting for a producer to create the ring", param_, name);
    waited = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // A recorder that was there before its producer takes the stream from its first slot; one that joins a
  // running stream starts at its newest complete slot (or the first one to come).
  claim(mapping, waited);
}

ShmRing::~ShmRing() { release(); }

// Takes the reader's place in `mapping`: one consumer at a time, as a second one would steal the first one's
// slots (lossless) or its back-pressure.
void ShmRing::claim(Mapping mapping, bool from_start) {
  fo_shm_header* h = mapping.header;
  uint32_t expected = 0;
  const auto self = static_cast<uint32_t>(getpid());
  while (!__atomic_compare_exchange_n(&h->consumer_pid, &expected, self, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    if (!process_gone(expected)) {
      munmap(h, mapping.bytes);
      throw Error(ExitCode::Usage, fmt::format("{} shm:{}: another frameout (pid {}) is already reading this ring",
                                               param_, shm_name_.substr(1), expected));
    }
  }
  release();
  header_ = h;
  mapped_bytes_ = mapping.bytes;
  // Every slot is read at full speed from the first tick on: its pages are mapped now, not one fault at a time.
  prefault_pages(h, mapping.bytes);
  const uint64_t published = load(header_->published);
  next_ = from_start || published == 0 ? 0 : published - 1;
  have_taken_ = false;
  store(header_->consumed, next_);
  store(header_->consumed_word, static_cast<uint32_t>(next_));
  store(header_->consumer_mode, static_cast<uint32_t>(mode_ == Mode::Lossless ? FO_SHM_LOSSLESS : FO_SHM_LATEST));
}

// Leaves the reader's place, so a waiting producer goes on.
void ShmRing::release() {
  if (!header_) return;
  store(header_->consumer_mode, static_cast<uint32_t>(FO_SHM_NO_CONSUMER));
  store(header_->consumer_pid, 0u);
  fo_shm_wake_word(&header_->consumed_word);
  munmap(header_, mapped_bytes_);
  header_ = nullptr;
}

// Maps the segment once the producer has finished its header; an empty mapping while it does not exist yet
// (or is still the session `other_than_session`).
ShmRing::Mapping ShmRing::map_segment(uint64_t other_than_session) {
  const int fd = shm_open(shm_name_.c_str(), O_RDWR, 0);
  if (fd < 0) {
    if (errno == ENOENT) return {};
    throw Error(ExitCode::Input, fmt::format("{} shm:{}: cannot open the ring: {}", param_, shm_name_.substr(1),
                                             std::strerror(errno)));
  }
  struct stat st {};
  const bool sized = fstat(fd, &st) == 0 && static_cast<uint64_t>(st.st_size) >= FO_SHM_HEADER_BYTES;
  void* map = sized ? mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
                    : MAP_FAILED;
  close(fd);
  if (map == MAP_FAILED) return {};  // created but not sized yet
  auto* h = static_cast<fo_shm_header*>(map);
  const size_t bytes = static_cast<size_t>(st.st_size);
  if (load(h->state) == FO_SHM_STARTING || (other_than_session != 0 && h->session_id == other_than_session)) {
    munmap(map, bytes);
    return {};
  }
  const std::string where = fmt::format("{} shm:{}", param_, shm_name_.substr(1));
  auto refuse = [&](const std::string& why) {
    munmap(map, bytes);
    throw Error(ExitCode::Input, fmt::format("{}: {}", where, why));
  };
  if (h->magic != FO_SHM_MAGIC) refuse("not a frameout ring (wrong magic number)");
  if (h->version != FO_SHM_VERSION)
    refuse(fmt::format("ring version {} (this frameout reads version {})", h->version, FO_SHM_VERSION));
  if (h->kind != kind_)
    refuse(kind_ == FO_SHM_VIDEO ? "the ring carries audio, not frames" : "the ring carries frames, not audio");
  if (h->header_bytes != FO_SHM_HEADER_BYTES || h->slot_count < FO_SHM_MIN_SLOTS || h->slot_count > 1'000'000 ||
      h->slot_bytes < FO_SHM_SLOT_HEADER_BYTES + h->payload_bytes || h->slot_bytes % 64 != 0 ||
      h->payload_bytes == 0 || (bytes - FO_SHM_HEADER_BYTES) / h->slot_bytes < h->slot_count)
    refuse("its header describes slots that do not fit the segment");
  if (h->rate_num == 0 || h->rate_den == 0) refuse("its rate is 0");
  if (header_ && (h->width != header_->width || h->height != header_->height || h->channels != header_->channels ||
                  std::strncmp(h->format, header_->format, sizeof h->format) != 0 ||
                  h->rate_num != header_->rate_num || h->rate_den != header_->rate_den))
    refuse("the restarted producer publishes another kind of stream (size, format or rate) than the take's");
  return {h, bytes};
}

// Why the producer is to be taken as gone ("" while it is alive): its process ended, or it has been silent.
std::string ShmRing::producer_gone() const {
  if (process_gone(header_->producer_pid)) return fmt::format("the producer (pid {}) is gone", header_->producer_pid);
  const uint64_t beat = load(header_->heartbeat_ns);
  const uint64_t now = fo_shm_now_ns();
  if (now > beat && now - beat > kSilentProducerNs)
    return fmt::format("no sign of the producer for {:.1f} s", static_cast<double>(now - beat) / 1e9);
  return {};
}

bool ShmRing::stream_over() {
  if (over_) return true;
  if (interrupt_requested()) return over_ = true;
  std::string why = load(header_->state) == FO_SHM_ENDED ? std::string("the producer ended the stream") : producer_gone();
  if (why.empty()) return false;
  const std::string where = fmt::format("{} shm:{}", param_, shm_name_.substr(1));
  if (!wait_for_restart_) {
    if (load(header_->state) != FO_SHM_ENDED) spdlog::warn("{}: {}; the take ends here", where, why);
    return over_ = true;
  }
  wait_for_new_session(why);
  return over_;
}

// --producer-restart wait: the take goes on with the next session of the ring (a stop request ends the wait).
void ShmRing::wait_for_new_session(const std::string& why) {
  const std::string where = fmt::format("{} shm:{}", param_, shm_name_.substr(1));
  spdlog::warn("{}: {}; waiting for it to start again", where, why);
  const uint64_t old_session = header_->session_id;
  Mapping mapping;
  while (!(mapping = map_segment(old_session)).header) {
    if (interrupt_requested()) {
      over_ = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  claim(mapping, true);
  spdlog::info("{}: a new producer (pid {}) goes on with the take", where, header_->producer_pid);
}

bool ShmRing::wait_for_publish(long timeout_ns) {
  const uint32_t seen = load(header_->published_word);
  if (load(header_->published) > next_) return true;
  if (stream_over()) return false;
  fo_shm_wait_word(&header_->published_word, seen, std::min(timeout_ns, kPollNs));
  return true;
}

// Copies slot `index` under the seqlock; false when it is not (or no longer) that slot, or was torn.
bool ShmRing::copy_slot(uint64_t index, Slot& slot) {
  const fo_shm_slot_header* s = fo_shm_slot(header_, index);
  const uint64_t complete = 2 * index + 2;
  if (load(s->sequence) != complete) return false;
  const uint64_t bytes = std::min<uint64_t>(s->payload, header_->payload_bytes);
  resize_prefaulted(slot.payload, bytes);
  std::memcpy(slot.payload.data(), reinterpret_cast<const uint8_t*>(s) + FO_SHM_SLOT_HEADER_BYTES, bytes);
  slot.index = index;
  slot.timestamp_ns = s->timestamp_ns;
  std::atomic_thread_fence(std::memory_order_acquire);
  if (__atomic_load_n(&s->sequence, __ATOMIC_RELAXED) != complete) {
    ++torn_reads_;
    return false;
  }
  return true;
}

bool ShmRing::next(Slot& slot) {
  for (;;) {
    if (load(header_->published) > next_) {
      if (copy_slot(next_, slot)) {
        ++next_;
        store(header_->consumed, next_);
        store(header_->consumed_word, static_cast<uint32_t>(next_));
        fo_shm_wake_word(&header_->consumed_word);
        return true;
      }
      // Overwritten before it was read (the producer ran a ring ahead before we attached): go to the oldest
      // slot that can still be complete.
      const uint64_t published = load(header_->published);
      next_ = std::max(next_ + 1, published > header_->slot_count ? published - header_->slot_count + 1 : 0);
      continue;
    }
    if (!wait_for_publish(kPollNs)) return false;
  }
}

int64_t ShmRing::untaken() const {
  const uint64_t published = load(header_->published);
  return published > next_ ? static_cast<int64_t>(published - next_) : 0;
}

// When slot `index` was published; none while it is not (or no longer) that complete slot.
std::optional<uint64_t> ShmRing::published_time(uint64_t index) const {
  const fo_shm_slot_header* s = fo_shm_slot(header_, index);
  const uint64_t complete = 2 * index + 2;
  if (load(s->sequence) != complete) return std::nullopt;
  const uint64_t time = __atomic_load_n(&s->timestamp_ns, __ATOMIC_RELAXED);
  std::atomic_thread_fence(std::memory_order_acquire);
  if (__atomic_load_n(&s->sequence, __ATOMIC_RELAXED) != complete) return std::nullopt;
  return time;
}

bool ShmRing::newest(Slot& slot, int64_t& skipped, uint64_t published_by) {
  for (int attempt = 0; attempt < 4; ++attempt) {
    const uint64_t published = load(header_->published);
    if (published == 0 || (have_taken_ && published - 1 < next_)) return false;
    // The slots still in the ring that were not taken or passed over yet, newest first.
    const uint64_t count = header_->slot_count;
    const uint64_t oldest = std::max(std::min(next_, published - 1), published > count ? published - count : 0);
    uint64_t index = published - 1;
    // The newest one published by then, or the oldest one when every one came later.
    for (std::optional<uint64_t> time; index > oldest && (time = published_time(index)) && *time > published_by;)
      --index;
    if (copy_slot(index, slot)) {
      skipped += static_cast<int64_t>(index - next_);
      next_ = index + 1;
      have_taken_ = true;
      return true;
    }
  }
  return false;
}

}  // namespace frameout
