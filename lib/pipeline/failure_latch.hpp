#pragma once
// Keeps the first failure of any pipeline thread and runs the abort action once, so every other stage
// stops waiting on its queues.

#include <exception>
#include <functional>
#include <mutex>

namespace frameout {

//! First-error-wins holder shared by the pipeline threads.
class FailureLatch {
 public:
  //! `on_failure` runs once, on the first failure (typically: abort every queue).
  explicit FailureLatch(std::function<void()> on_failure) : on_failure_(std::move(on_failure)) {}

  //! Records the current exception if it is the first one.
  void capture(std::exception_ptr error) {
    {
      std::lock_guard lock(mutex_);
      if (first_) return;
      first_ = error;
    }
    on_failure_();
  }
  //! Rethrows the first failure, if any.
  void rethrow() const {
    std::lock_guard lock(mutex_);
    if (first_) std::rethrow_exception(first_);
  }
  //! Whether any stage failed.
  bool failed() const {
    std::lock_guard lock(mutex_);
    return static_cast<bool>(first_);
  }

 private:
  std::function<void()> on_failure_;
  mutable std::mutex mutex_;
  std::exception_ptr first_;
};

}  // namespace frameout
