#pragma once
// Starts one named pipeline stage thread whose exceptions go to the run's FailureLatch.

#include <pthread.h>
#include <thread>

#include "pipeline/failure_latch.hpp"

namespace frameout {

//! A joining thread named `name` (shown by top/gdb) running `body`; a throw is captured by `failure`.
template <typename Body>
std::jthread start_stage(const char* name, FailureLatch& failure, Body body) {
  return std::jthread([name, &failure, body] {
    pthread_setname_np(pthread_self(), name);
    try {
      body();
    } catch (...) {
      failure.capture(std::current_exception());
    }
  });
}

}  // namespace frameout
