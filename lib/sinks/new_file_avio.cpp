#include "sinks/new_file_avio.hpp"

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

#include "system/new_file.hpp"

namespace frameout {

namespace {

// The size of libavformat's own file buffer, so packets reach the disk in the same pieces as with avio_open.
constexpr int kBufferBytes = 32768;

int write_packet(void* opaque, uint8_t* data, int size) {
  const int error = write_all(*static_cast<int*>(opaque), data, static_cast<size_t>(size));
  return error == 0 ? size : AVERROR(error);
}

int64_t seek(void* opaque, int64_t offset, int whence) {
  const int fd = *static_cast<int*>(opaque);
  if (whence == AVSEEK_SIZE) {
    struct stat st {};
    return ::fstat(fd, &st) == 0 ? static_cast<int64_t>(st.st_size) : AVERROR(errno);
  }
  const off_t position = ::lseek(fd, static_cast<off_t>(offset), whence & ~AVSEEK_FORCE);
  return position < 0 ? AVERROR(errno) : static_cast<int64_t>(position);
}

}  // namespace

int open_new_file_avio(AVIOContext** pb, const std::filesystem::path& path) {
  *pb = nullptr;
  const int fd = create_new_file(path);
  if (fd < 0) return AVERROR(-fd);
  auto* opaque = static_cast<int*>(av_malloc(sizeof(int)));
  auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferBytes));
  AVIOContext* context = opaque && buffer ? avio_alloc_context(buffer, kBufferBytes, 1, opaque, nullptr,
                                                               &write_packet, &seek)
                                          : nullptr;
  if (context == nullptr) {
    av_free(buffer);
    av_free(opaque);
    ::close(fd);
    return AVERROR(ENOMEM);
  }
  *opaque = fd;
  *pb = context;
  return 0;
}

int close_new_file_avio(AVIOContext** pb) {
  AVIOContext* context = *pb;
  if (context == nullptr) return 0;
  *pb = nullptr;
  avio_flush(context);
  int rc = context->error;
  auto* opaque = static_cast<int*>(context->opaque);
  // close(2) can report a delayed write error (NFS, quotas); a file that failed there is not finished.
  if (::close(*opaque) != 0 && errno != EINTR && rc == 0) rc = AVERROR(errno);
  av_free(opaque);
  av_freep(&context->buffer);
  avio_context_free(&context);
  return rc;
}

}  // namespace frameout
