#pragma once
// Reading raw bytes from a file, a FIFO or stdin: whole-block reads with a large pipe buffer, waiting
// for a FIFO's writer, and noticing a stop request while the producer is silent.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace frameout {

//! An input byte stream for raw frames or raw PCM.
class ByteStream {
 public:
  //! Opens `path` ("-" for stdin) without reading; throws Error(Input) naming the path and --input/--audiochop.
  ByteStream(const std::string& path, const std::string& flag);
  ~ByteStream();
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  //! Reads up to `size` bytes; returns fewer only at the end of input or when a stop was requested.
  size_t read_fully(uint8_t* dst, size_t size);
  //! The next `size` bytes of a regular file mapped read-only (and consumed, as by read_fully), or null when
  //! they cannot be mapped: a pipe, or bytes past the file's end (read_fully then reports what is there).
  //! The mapping lasts as long as the pointer or any copy of it.
  std::shared_ptr<const uint8_t> map_next(size_t size);
  //! Size in bytes of a regular file, nullopt for pipes.
  std::optional<int64_t> file_size() const { return file_size_; }
  //! The name used in messages ("stdin" or the path).
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::string flag_;
  std::string described_;  // input "path" (--input), as the mapping guard's message names it
  int fd_ = -1;
  bool owns_fd_ = false;
  bool regular_file_ = false;     // no polling needed, length known
  bool awaiting_writer_ = false;  // a named FIFO whose writer has not sent anything yet
  std::optional<int64_t> file_size_;
};

}  // namespace frameout
