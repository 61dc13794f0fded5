#pragma once
// Recycles raw frame buffers: a fresh multi-megabyte buffer per frame costs an allocation, zero-filling and
// page faults; a returned one is reused as it is.

#include <memory>
#include <mutex>
#include <vector>

#include "media/video_frame.hpp"

namespace frameout {

//! Hands out frames whose buffers come back to the pool when the last reference goes.
class FramePool : public std::enable_shared_from_this<FramePool> {
 public:
  //! A pool for use through std::shared_ptr (frames keep it alive until they return).
  static std::shared_ptr<FramePool> create() { return std::shared_ptr<FramePool>(new FramePool()); }

  //! A frame, recycled when one is free; its data keeps the size it had.
  std::shared_ptr<VideoFrame> acquire() {
    std::unique_ptr<VideoFrame> frame;
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        frame = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!frame) frame = std::make_unique<VideoFrame>();
    return std::shared_ptr<VideoFrame>(frame.release(), [pool = shared_from_this()](VideoFrame* f) {
      std::lock_guard lock(pool->mutex_);
      pool->free_.emplace_back(f);
    });
  }

 private:
  FramePool() = default;
  std::mutex mutex_;
  std::vector<std::unique_ptr<VideoFrame>> free_;
};

}  // namespace frameout
