#pragma once
// Lets parallel frame workers hand their results on in input order without waiting for one another: a
// result that is ready early is held until every one before it has arrived. A window bounds how far
// ahead a worker may run, so memory stays bounded when one frame is slow.

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>

namespace frameout {

//! Results of sequence numbers 0, 1, 2, ... released strictly in that order.
template <typename T>
class ReorderBuffer {
 public:
  //! At most `window` sequence numbers past the next one to release may be worked on at once.
  explicit ReorderBuffer(int64_t window) : window_(window) {}

  //! Waits until `sequence` lies within the window; false once aborted.
  bool wait_room(int64_t sequence) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return sequence < next_ + window_ || aborted_; });
    return !aborted_;
  }

  //! Adds the result of `sequence`, then calls `release(result)` for each result that is now next, in order
  //! (under the buffer's lock, so releases never interleave). A release returning false aborts the buffer;
  //! returns false when aborted.
  template <typename Release>
  bool deliver(int64_t sequence, T result, Release release) {
    {
      std::lock_guard lock(mutex_);
      if (aborted_) return false;
      held_.emplace(sequence, std::move(result));
      for (auto it = held_.find(next_); it != held_.end(); it = held_.find(next_)) {
        const bool released = release(it->second);
        held_.erase(it);
        ++next_;
        if (!released) aborted_ = true;
      }
    }
    room_.notify_all();
    return !aborted_;
  }

  //! Wakes every waiter; wait_room() and deliver() fail from now on.
  void abort() {
    {
      std::lock_guard lock(mutex_);
      aborted_ = true;
    }
    room_.notify_all();
  }

 private:
  const int64_t window_;
  std::mutex mutex_;
  std::condition_variable room_;
  std::map<int64_t, T> held_;
  int64_t next_ = 0;
  bool aborted_ = false;
};

}  // namespace frameout
