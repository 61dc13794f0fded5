#include "sources/shm/gst_shm_source.hpp"

#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "system/error.hpp"
#include "system/prefault.hpp"
#include "system/interrupt.hpp"

namespace frameout {

namespace {

// shmpipe's command record (gst-plugins-bad sys/shm/shmpipe.c), as laid out on x86-64 and every LP64 Linux.
struct Command {
  uint32_t type;
  int32_t area_id;
  uint64_t first;   // new area: its size; buffer: its offset; acknowledgement: the offset
  uint64_t second;  // new area: the length of the path that follows (low 32 bits); buffer: its size
};
static_assert(sizeof(Command) == 24);

enum : uint32_t { kNewArea = 1, kCloseArea = 2, kNewBuffer = 3, kAckBuffer = 4 };

[[noreturn]] void stopped_while_waiting(const std::string& where) {
  throw Error(interrupt_signal() == SIGTERM ? ExitCode::Terminated : ExitCode::Interrupted,
              fmt::format("{}: stopped while waiting for the shmsink; nothing was recorded", where));
}

// Bytes from one row to the next in a GStreamer raw video buffer: rows are padded to 4 bytes.
size_t gstreamer_stride(size_t row_bytes) { return (row_bytes + 3) / 4 * 4; }

}  // namespace

GstShmSource::GstShmSource(const std::string& socket_path, const std::string& param, int width, int height,
                           PixelFormat format, Rational rate, bool realtime)
    : socket_path_(socket_path),
      param_(param),
      info_{width, height, format, rate, std::nullopt, "gst-shm:" + socket_path},
      realtime_(realtime) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_path.empty() || socket_path.size() >= sizeof address.sun_path)
    throw Error(ExitCode::Usage, fmt::format("{}: a socket path is 1 to {} bytes", where(), sizeof address.sun_path - 1));
  std::memcpy(address.sun_path, socket_path.data(), socket_path.size());
  bool said = false;
  for (;;) {
    socket_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (socket_ < 0) throw Error(ExitCode::Input, fmt::format("{}: {}", where(), std::strerror(errno)));
    if (connect(socket_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) break;
    const int err = errno;
    close(socket_);
    socket_ = -1;
    if (err != ENOENT && err != ECONNREFUSED)
      throw Error(ExitCode::Input, fmt::format("{}: cannot connect: {}", where(), std::strerror(err)));
    if (interrupt_requested()) stopped_while_waiting(where());
    if (!said) spdlog::info("{}: waiting for a shmsink to open the socket", where());
    said = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

GstShmSource::~GstShmSource() {
  for (const auto& [id, area] : areas_) munmap(const_cast<uint8_t*>(area.data), area.size);
  if (socket_ >= 0) close(socket_);
}

std::string GstShmSource::where() const { return fmt::format("{} gst-shm:{}", param_, socket_path_); }

GstShmSource::Event GstShmSource::receive(int timeout_ms, Buffer& buffer) {
  if (closed_) return Event::Closed;
  pollfd ready{socket_, POLLIN, 0};
  const int n = poll(&ready, 1, timeout_ms);
  if (n < 0 && errno != EINTR) throw Error(ExitCode::Input, fmt::format("{}: {}", where(), std::strerror(errno)));
  if (n <= 0) return Event::Nothing;
  Command command{};
  const ssize_t got = recv(socket_, &command, sizeof command, MSG_WAITALL);
  if (got == 0 || (got < 0 && (errno == ECONNRESET || errno == EPIPE))) {
    closed_ = true;
    return Event::Closed;
  }
  if (got != static_cast<ssize_t>(sizeof command)) {
    throw Error(ExitCode::Input, fmt::format("{}: a short command from the sink ({} bytes)", where(), got));
  }
  switch (command.type) {
    case kNewArea:
      open_area(command.area_id, command.first, static_cast<uint32_t>(command.second));
      return Event::Other;
    case kCloseArea:
      close_area(command.area_id);
      return Event::Other;
    case kNewBuffer:
      buffer = {command.area_id, command.first, command.second};
      return Event::Buffer;
    default:
      throw Error(ExitCode::Input, fmt::format("{}: unknown command {} from the sink", where(), command.type));
  }
}

void GstShmSource::open_area(int id, size_t size, uint32_t path_size) {
  if (path_size == 0 || path_size > 4096 || size == 0)
    throw Error(ExitCode::Input, fmt::format("{}: the sink announced a malformed memory area", where()));
  std::string path(path_size, '\0');
  if (recv(socket_, path.data(), path_size, MSG_WAITALL) != static_cast<ssize_t>(path_size))
    throw Error(ExitCode::Input, fmt::format("{}: the sink's memory area name was cut short", where()));
  path.resize(strnlen(path.c_str(), path.size()));
  const int fd = shm_open(path.c_str(), O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    throw Error(ExitCode::Input, fmt::format("{}: cannot open the sink's memory {}: {}", where(), path,
                                             std::strerror(errno)));
  void* map = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (map == MAP_FAILED)
    throw Error(ExitCode::Input, fmt::format("{}: cannot map the sink's memory {}: {}", where(), path,
                                             std::strerror(errno)));
  close_area(id);
  areas_[id] = {static_cast<const uint8_t*>(map), size};
}

void GstShmSource::close_area(int id) {
  const auto it = areas_.find(id);
  if (it == areas_.end()) return;
  munmap(const_cast<uint8_t*>(it->second.data), it->second.size);
  areas_.erase(it);
}

void GstShmSource::acknowledge(int area_id, uint64_t offset) {
  const Command ack{kAckBuffer, area_id, offset, 0};
  // A sink that has gone away needs no acknowledgement; the next receive sees it closed.
  (void)send(socket_, &ack, sizeof ack, MSG_NOSIGNAL);
}

void GstShmSource::take(const Buffer& buffer, VideoFrame& frame) {
  const size_t row = info_.format.frame_bytes(info_.width, 1);
  const size_t tight = row * info_.height, padded = gstreamer_stride(row) * info_.height;
  const auto area = areas_.find(buffer.area);
  if (area == areas_.end() || buffer.offset > area->second.size || buffer.size > area->second.size - buffer.offset) {
    acknowledge(buffer.area, buffer.offset);
    throw Error(ExitCode::Input, fmt::format("{}: a buffer outside the sink's memory", where()));
  }
  if (buffer.size != tight && buffer.size != padded) {
    acknowledge(buffer.area, buffer.offset);
    throw Error(ExitCode::Input, fmt::format("{}: a buffer of {} bytes is not a {}x{} {} frame ({} bytes): check "
                                             "--input-size and --input-format against the sink's caps",
                                             where(), buffer.size, info_.width, info_.height, info_.format.token,
                                             tight));
  }
  const size_t stride = buffer.size == tight ? row : gstreamer_stride(row);
  const uint8_t* pixels = area->second.data + buffer.offset;
  frame.width = info_.width;
  frame.height = info_.height;
  frame.format = info_.format;
  frame.view.reset();
  frame.layers.clear();
  resize_prefaulted(frame.data, tight);
  for (int y = 0; y < info_.height; ++y) std::memcpy(frame.data.data() + y * row, pixels + y * stride, row);
  acknowledge(buffer.area, buffer.offset);
}

ReadResult GstShmSource::read(VideoFrame& frame) {
  if (interrupt_requested()) return ReadResult::End;
  const ReadResult result = realtime_ ? read_on_tick(frame) : read_in_order(frame);
  if (result == ReadResult::Frame) frame.index = next_index_++;
  return result;
}

ReadResult GstShmSource::read_in_order(VideoFrame& frame) {
  Buffer buffer;
  for (;;) {
    switch (receive(20, buffer)) {
      case Event::Buffer:
        take(buffer, frame);
        return ReadResult::Frame;
      case Event::Closed:
        return ReadResult::End;
      case Event::Nothing:
        if (interrupt_requested()) return ReadResult::End;
        break;
      case Event::Other:
        break;
    }
  }
}

// The last tick was half a frame before the next frame's phase: it is now.
void GstShmSource::resume_clock() {
  if (started_) clock_->resume_at(tick_seconds(next_index_ - 1, info_.rate));
}

bool GstShmSource::follow_clock(TickClock& clock) {
  if (!realtime_) return false;
  clock_ = &clock;
  return true;
}

// On each tick of the stream's rate: every buffer that came since the last tick is acknowledged, the newest is
// taken (the others are skipped); none came: the last frame again (a drop).
ReadResult GstShmSource::read_on_tick(VideoFrame& frame) {
  if (!started_) {
    if (read_in_order(last_) == ReadResult::End) return ReadResult::End;
    clock_->start();
    started_ = true;
    frame = last_;
    return ReadResult::Frame;
  }
  std::optional<Buffer> newest;
  // Takes what the sink has sent so far; true once it has closed the socket.
  const auto gather = [&] {
    Buffer buffer;
    for (;;) {
      const Event event = receive(0, buffer);
      if (event == Event::Closed) return true;
      if (event == Event::Nothing) return false;
      if (event != Event::Buffer) continue;
      if (newest) {
        acknowledge(newest->area, newest->offset);
        ++skipped_;
      }
      newest = buffer;
    }
  };
  // Half a frame after the first frame's phase: a producer at the same rate publishes midway between two ticks.
  const bool in_time = clock_->wait_until(tick_seconds(next_index_, info_.rate), gather);
  gather();
  if (!in_time) {  // the clock's sound track ended before this tick: so does the take
    if (newest) acknowledge(newest->area, newest->offset);
    return ReadResult::End;
  }
  if (newest) {
    take(*newest, last_);
  } else {
    if (closed_ || interrupt_requested()) return ReadResult::End;
    ++repeats_;
  }
  frame = last_;
  return ReadResult::Frame;
}

}  // namespace frameout
