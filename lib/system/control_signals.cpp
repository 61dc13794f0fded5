#include "system/control_signals.hpp"

#include <atomic>
#include <csignal>

namespace frameout {

namespace {

std::atomic<int64_t> g_pause_toggles{0};
std::atomic<int64_t> g_add_frames{0};

extern "C" void on_control_signal(int sig) {
  if (sig == SIGUSR1) g_pause_toggles.fetch_add(1);
  else g_add_frames.fetch_add(1);
}

}  // namespace

void install_control_signals() {
  struct sigaction action {};
  action.sa_handler = on_control_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &action, nullptr);
  sigaction(SIGUSR2, &action, nullptr);
}

int64_t pause_toggle_signals() { return g_pause_toggles.load(); }

int64_t add_frame_signals() { return g_add_frames.load(); }

}  // namespace frameout
