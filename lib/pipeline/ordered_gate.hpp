#pragma once
// Lets parallel frame workers hand their results on in input order: a worker waits for its turn,
// hands over, then passes the turn on. At most one frame per worker is ever held back.

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace frameout {

//! Turn-taking by sequence number (0, 1, 2, ...).
class OrderedGate {
 public:
  //! Waits until `sequence` is next; false if the gate was aborted.
  bool wait_turn(int64_t sequence) {
    std::unique_lock lock(mutex_);
    turn_.wait(lock, [&] { return next_ == sequence || aborted_; });
    return !aborted_;
  }
  //! Ends the current turn.
  void pass() {
    {
      std::lock_guard lock(mutex_);
      ++next_;
    }
    turn_.notify_all();
  }
  //! Wakes every waiter; wait_turn() fails from now on.
  void abort() {
    {
      std::lock_guard lock(mutex_);
      aborted_ = true;
    }
    turn_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable turn_;
  int64_t next_ = 0;
  bool aborted_ = false;
};

}  // namespace frameout
