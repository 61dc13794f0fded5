#include "sinks/shm/shm_publisher.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "system/error.hpp"
#include "system/interrupt.hpp"

namespace frameout {

ShmPublisher::ShmPublisher(const std::string& name, const std::string& param, const StreamInfo& stream, int slots) {
  const std::string token(stream.format.token);
  const auto row_bytes = static_cast<uint32_t>(stream.format.frame_bytes(stream.width, 1));
  const int err = fo_shm_video_open(&producer_, name.c_str(), static_cast<uint32_t>(stream.width),
                                    static_cast<uint32_t>(stream.height), token.c_str(), row_bytes,
                                    static_cast<uint32_t>(stream.rate.num), static_cast<uint32_t>(stream.rate.den),
                                    static_cast<uint32_t>(slots));
  if (err == EEXIST)
    throw Error(ExitCode::Output, fmt::format("{} shm:{}: another producer is publishing under this name", param, name));
  if (err == EINVAL)
    throw Error(ExitCode::Usage, fmt::format("{} shm:{}: a ring name is 1 to {} characters without '/', with at least "
                                             "{} slots",
                                             param, name, FO_SHM_NAME_MAX, FO_SHM_MIN_SLOTS));
  if (err != 0)
    throw Error(ExitCode::Output, fmt::format("{} shm:{}: cannot create the ring: {}", param, name, std::strerror(err)));
}

ShmPublisher::~ShmPublisher() { fo_shm_close(&producer_); }

bool ShmPublisher::wait_for_reader() {
  while (__atomic_load_n(&producer_.header->consumer_pid, __ATOMIC_ACQUIRE) == 0) {
    if (interrupt_requested()) return false;
    fo_shm_heartbeat(&producer_);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

bool ShmPublisher::publish(const VideoFrame& frame) {
  if (fo_shm_ring_full(&producer_)) {
    const auto since = std::chrono::steady_clock::now();
    // fo_shm_begin would wait too, but without seeing a stop request.
    while (fo_shm_ring_full(&producer_) && !interrupt_requested()) {
      fo_shm_heartbeat(&producer_);
      fo_shm_wait_word(&producer_.header->consumed_word,
                       __atomic_load_n(&producer_.header->consumed_word, __ATOMIC_ACQUIRE), 20'000'000L);
      const uint32_t reader = __atomic_load_n(&producer_.header->consumer_pid, __ATOMIC_ACQUIRE);
      if (reader == 0 || (kill(static_cast<pid_t>(reader), 0) != 0 && errno == ESRCH)) break;  // it left or died
    }
    blocked_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
    if (interrupt_requested()) return false;
  }
  const size_t bytes = std::min<size_t>(frame.byte_size(), fo_shm_payload_bytes(&producer_));
  std::memcpy(fo_shm_begin(&producer_), frame.pixels(), bytes);
  fo_shm_commit(&producer_, bytes);
  return true;
}

}  // namespace frameout
