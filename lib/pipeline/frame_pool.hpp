#pragma once
// Recycles frame and sample buffers: a fresh multi-megabyte buffer per frame costs an allocation,
// zero-filling and page faults; a returned one is reused as it is.

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "media/audio_block.hpp"
#include "media/video_frame.hpp"

namespace frameout {

//! Hands out objects (frames, audio blocks) that come back to the pool when the last reference goes.
template <typename T>
class RecyclingPool : public std::enable_shared_from_this<RecyclingPool<T>> {
 public:
  //! A pool for use through std::shared_ptr (handed-out objects keep it alive until they return).
  static std::shared_ptr<RecyclingPool> create() { return std::shared_ptr<RecyclingPool>(new RecyclingPool()); }

  //! An object, recycled when one is free; its buffers keep the size they had.
  std::shared_ptr<T> acquire() {
    std::unique_ptr<T> item;
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        item = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!item) item = std::make_unique<T>();
    return std::shared_ptr<T>(item.release(), [pool = this->shared_from_this()](T* returned) {
      std::lock_guard lock(pool->mutex_);
      pool->free_.emplace_back(returned);
    });
  }

  //! Readies `count` objects with `prepare` now (sizing their buffers faults the memory in), so the first
  //! ones acquired later are as quick as the rest.
  template <typename Prepare>
  void warm(size_t count, Prepare prepare) {
    std::vector<std::shared_ptr<T>> held;
    for (size_t i = 0; i < count; ++i) prepare(*held.emplace_back(acquire()));
  }

 private:
  RecyclingPool() = default;
  std::mutex mutex_;
  std::vector<std::unique_ptr<T>> free_;
};

//! Recycled raw video frames.
using FramePool = RecyclingPool<VideoFrame>;
//! Recycled audio sample blocks.
using AudioBlockPool = RecyclingPool<AudioBlock>;

}  // namespace frameout
