#include "system/mapping_guard.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

#include <fmt/format.h>

#include "system/error.hpp"

namespace frameout {

namespace {

// Frames in flight are a handful per stage; slots run out only if something leaks frames.
constexpr size_t kSlots = 256;
constexpr size_t kNameBytes = 256;

struct Slot {
  std::atomic<bool> taken{false};
  std::atomic<uintptr_t> begin{0};
  std::atomic<uintptr_t> end{0};
  char name[kNameBytes] = {};
};

std::array<Slot, kSlots> g_slots;
uintptr_t g_page_size = 4096;

// Set by the handler in the thread that faulted: signal handlers run on that thread. Plain thread-locals of
// the executable itself, so touching them needs no allocation (safe in a handler).
thread_local bool t_vanished = false;
thread_local char t_vanished_name[kNameBytes] = {};

extern "C" void on_bus_error(int, siginfo_t* info, void*) {
  const auto address = reinterpret_cast<uintptr_t>(info->si_addr);
  for (const Slot& slot : g_slots) {
    if (!slot.taken.load(std::memory_order_acquire)) continue;
    if (address < slot.begin.load(std::memory_order_acquire) || address >= slot.end.load(std::memory_order_acquire))
      continue;
    // A private zero page over the vanished one: the faulting read completes (and reads zeros).
    void* page = reinterpret_cast<void*>(address & ~(g_page_size - 1));
    if (::mmap(page, g_page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) break;
    for (size_t i = 0; i < kNameBytes; ++i) t_vanished_name[i] = slot.name[i];
    t_vanished = true;
    return;
  }
  // Not an input mapping: the default action, when the faulting access runs again.
  ::signal(SIGBUS, SIG_DFL);
}

}  // namespace

void install_mapping_guard() {
  g_page_size = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  struct sigaction action {};
  action.sa_sigaction = on_bus_error;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_SIGINFO;
  sigaction(SIGBUS, &action, nullptr);
}

int guard_mapping(const void* begin, size_t length, std::string_view what) {
  for (size_t i = 0; i < kSlots; ++i) {
    Slot& slot = g_slots[i];
    bool expected = false;
    if (!slot.taken.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) continue;
    const size_t n = std::min(what.size(), kNameBytes - 1);
    std::memcpy(slot.name, what.data(), n);
    slot.name[n] = '\0';
    slot.begin.store(reinterpret_cast<uintptr_t>(begin), std::memory_order_release);
    slot.end.store(reinterpret_cast<uintptr_t>(begin) + length, std::memory_order_release);
    return static_cast<int>(i);
  }
  return -1;
}

void unguard_mapping(int slot) {
  Slot& s = g_slots[static_cast<size_t>(slot)];
  s.end.store(0, std::memory_order_release);
  s.begin.store(0, std::memory_order_release);
  s.taken.store(false, std::memory_order_release);
}

void check_mapped_reads() {
  if (!t_vanished) return;
  t_vanished = false;
  throw Error(ExitCode::Input, fmt::format("{} shrank while its frames were being read: did another program "
                                           "truncate or rewrite it?",
                                           t_vanished_name));
}

}  // namespace frameout
