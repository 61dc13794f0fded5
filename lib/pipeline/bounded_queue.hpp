#pragma once
// A fixed-capacity queue between two pipeline threads. close() marks end of stream (items already
// queued are still delivered); abort() wakes both sides at once after a failure.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace frameout {

//! Blocking single-producer / single-consumer queue with a capacity bound and end-of-stream.
template <typename T>
class BoundedQueue {
 public:
  //! A queue that holds at most `capacity` items.
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}

  //! Waits for room and adds an item; false when the queue was aborted.
  bool push(T item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || aborted_; });
    if (aborted_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  //! Waits for an item; nullopt at end of stream or after abort.
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_ || aborted_; });
    if (aborted_ || items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

  //! Marks end of stream: pop() returns nullopt once the queue is drained.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }

  //! Drops everything and wakes both sides; push() and pop() fail from now on.
  void abort() {
    std::lock_guard lock(mutex_);
    aborted_ = true;
    items_.clear();
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<T> items_;
  bool closed_ = false;
  bool aborted_ = false;
};

}  // namespace frameout
