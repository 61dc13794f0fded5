#pragma once
// Frames from GStreamer's shmsink (`--input gst-shm:SOCKET`). shmsink owns a UNIX socket and a shared-memory
// area; over the socket it announces the area (its shm name and size) and then each buffer (offset and
// size), and the reader acknowledges every buffer once it is done with it. Buffers carry bare pixels, so the
// frame layout comes from --input-format, --input-size and --input-rate. The sink closing the socket ends the
// stream.

#include <cstdint>
#include <map>
#include <string>

#include "sources/tick_clock.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! Reads raw frames from a shmsink, in order or (realtime) the newest on each tick of the stream's rate.
class GstShmSource : public VideoSource {
 public:
  //! Connects to the shmsink at `socket_path`, waiting for it to appear; throws Error(Input) naming `param`.
  GstShmSource(const std::string& socket_path, const std::string& param, int width, int height, PixelFormat format,
               Rational rate, bool realtime);
  ~GstShmSource() override;
  GstShmSource(const GstShmSource&) = delete;
  GstShmSource& operator=(const GstShmSource&) = delete;

  StreamInfo info() const override { return info_; }
  ReadResult read(VideoFrame& frame) override;
  int64_t held_frames() const override { return repeats_; }
  int64_t skipped_frames() const override { return skipped_; }
  void resume_clock() override;
  bool follow_clock(TickClock& clock) override;

 private:
  //! One shared-memory area the sink announced.
  struct Area {
    const uint8_t* data = nullptr;
    size_t size = 0;
  };
  //! A buffer the sink announced and the reader has not acknowledged yet.
  struct Buffer {
    int area = 0;
    uint64_t offset = 0;
    uint64_t size = 0;
  };
  //! What one command from the sink brought.
  enum class Event { Buffer, Other, Nothing, Closed };

  Event receive(int timeout_ms, Buffer& buffer);
  void take(const Buffer& buffer, VideoFrame& frame);
  ReadResult read_in_order(VideoFrame& frame);
  ReadResult read_on_tick(VideoFrame& frame);
  void open_area(int id, size_t size, uint32_t path_size);
  void close_area(int id);
  void acknowledge(int area_id, uint64_t offset);
  std::string where() const;

  std::string socket_path_;
  std::string param_;
  StreamInfo info_;
  bool realtime_;
  int socket_ = -1;
  bool closed_ = false;
  std::map<int, Area> areas_;
  SystemTickClock system_clock_;
  TickClock* clock_ = &system_clock_;  // what the ticks follow
  bool started_ = false;
  VideoFrame last_;
  int64_t next_index_ = 0;
  int64_t repeats_ = 0;
  int64_t skipped_ = 0;
};

}  // namespace frameout
