#include "sinks/image/image_file.hpp"

#include <cerrno>
#include <system_error>
#include <unistd.h>

#include <fmt/format.h>

#include "system/new_file.hpp"

namespace frameout {

namespace {

std::string errno_text(int code) { return std::error_code(code, std::generic_category()).message(); }

}  // namespace


PixelFormat image_layout(SampleType sample, ChannelSet channels) {
  for (const auto& f : pixel_formats())
    if (f.sample == sample && f.channels == channels && !f.srgb_encoded) return f;
  // Every writer asks only for combinations the table has; reaching here is a programming error.
  throw Error(ExitCode::Output, "internal: no pixel layout for the requested sample type and channels");
}

Error image_write_error(std::string_view kind, const std::filesystem::path& path, std::string_view reason) {
  return Error(ExitCode::Output, fmt::format("cannot write {} \"{}\": {}", kind, path.string(), reason));
}

void check_image_frame(std::string_view kind, const std::filesystem::path& path, const VideoFrame& frame,
                       const PixelFormat& expected) {
  if (frame.format.token != expected.token)
    throw image_write_error(kind, path, fmt::format("internal: handed {} frames, expected {}", frame.format.token,
                                                    expected.token));
  if (frame.width <= 0 || frame.height <= 0 || frame.byte_size() != frame.format.frame_bytes(frame.width, frame.height))
    throw image_write_error(kind, path, fmt::format("internal: {}x{} {} frame holds {} bytes", frame.width,
                                                    frame.height, frame.format.token, frame.byte_size()));
}

CheckedFile::CheckedFile(const std::filesystem::path& path, std::string_view kind) : path_(path), kind_(kind) {
  const int fd = create_new_file(path);
  if (fd < 0) throw image_write_error(kind_, path_, errno_text(-fd));
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    const int error = errno;
    ::close(fd);
    throw image_write_error(kind_, path_, errno_text(error));
  }
}

CheckedFile::~CheckedFile() {
  // Only reached unchecked on an error path, where the caller discards the temporary file anyway.
  if (file_) std::fclose(file_);
}

void CheckedFile::write(const void* data, size_t size) {
  if (size != 0 && std::fwrite(data, 1, size, file_) != size) throw error("write failed");
}

void CheckedFile::close() {
  // stdio buffers: a full disk often shows only at the flush, so both flush and close are checked.
  const bool earlier_failure = std::ferror(file_) != 0;
  const int saved_errno = errno;
  const int flushed = std::fflush(file_);
  const int flush_errno = errno;
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (earlier_failure) throw image_write_error(kind_, path_, fmt::format("write failed: {}", errno_text(saved_errno)));
  if (flushed != 0) throw image_write_error(kind_, path_, errno_text(flush_errno));
  if (closed != 0) throw image_write_error(kind_, path_, errno_text(errno));
}

Error CheckedFile::error(std::string_view reason) const {
  if (file_ && std::ferror(file_) && errno != 0)
    return image_write_error(kind_, path_, fmt::format("{} ({})", reason, errno_text(errno)));
  return image_write_error(kind_, path_, reason);
}

}  // namespace frameout
