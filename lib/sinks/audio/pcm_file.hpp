#pragma once
// What the WAV and AIFF writers share: a large-buffered output file whose header can be rewritten in place
// while recording, the limits tests shrink, and a builder for hand-written chunk headers.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "convert/sample_convert.hpp"
#include "system/error.hpp"
#include "media/audio_block.hpp"

namespace frameout {

//! Timing and size limits of the PCM writers. The defaults are what recordings use; tests shrink them
//! (make_wav_writer / make_aiff_writer take them as an optional second argument).
struct PcmWriterLimits {
  //! How often write() rewrites the live header (sizes) so a killed process leaves a playable file.
  //! Checked on each write(); 0 rewrites it after every block.
  std::chrono::milliseconds header_refresh{500};
  //! Largest value a 32-bit RIFF/FORM size field may take: a WAV file past it becomes RF64,
  //! an AIFF file refuses to grow past it. Default 0xFFFFFFFF (4 GiB - 1).
  uint64_t size_field_limit = 0xFFFFFFFFull;
};

//! Whether a headerdat key names a text chunk's key: ASCII letters compare without case ("Title" is "title").
bool same_key_ignoring_case(std::string_view key, std::string_view name);

//! Bytes of a hand-written header, appended field by field in either byte order.
struct HeaderBytes {
  std::vector<uint8_t> bytes;  //!< the header so far

  //! Appends a four-character chunk id ("RIFF", "(c) ").
  void id(std::string_view four_cc);
  //! Appends a little-endian 16/32/64-bit value.
  void le16(uint16_t v), le32(uint32_t v), le64(uint64_t v);
  //! Appends a big-endian 16/32/64-bit value.
  void be16(uint16_t v), be32(uint32_t v), be64(uint64_t v);
  //! Appends raw bytes.
  void raw(const void* data, size_t size);
  //! Appends `count` zero bytes.
  void zeros(size_t count);
  //! Bytes appended.
  size_t size() const { return bytes.size(); }
};

//! An output file written through a 1 MiB buffer with write(2), whose already-written header can be
//! rewritten with pwrite(2). Every failure throws Error(Output) naming the file and the system's reason.
class PcmFile {
 public:
  //! `kind` ("WAV") names the format in error messages.
  explicit PcmFile(std::string_view kind);
  //! Closes the descriptor unchecked if close() was never reached (error paths only).
  ~PcmFile();
  PcmFile(const PcmFile&) = delete;
  PcmFile& operator=(const PcmFile&) = delete;

  //! Creates or truncates `path`.
  void open(const std::filesystem::path& path);
  //! Whether open() succeeded and neither close() nor discard() ran since.
  bool is_open() const { return fd_ >= 0; }
  //! The file being written.
  const std::filesystem::path& path() const { return path_; }
  //! Appends bytes through the buffer (large runs go straight to the file).
  void append(const void* data, size_t size);
  //! Free buffer space for the caller to fill directly (flushing first when less than `min_bytes` is free).
  //! Finish with commit().
  std::span<uint8_t> reserve(size_t min_bytes);
  //! Marks `size` bytes written through reserve() as appended.
  void commit(size_t size);
  //! Appends the samples of `block` converted to `format` in `order`, straight into the buffer; returns the
  //! bytes appended.
  size_t append_samples(const AudioBlock& block, SampleFormat format, ByteOrder order);
  //! Hands the buffered bytes to the kernel, so they survive the process being killed.
  void flush();
  //! Overwrites bytes at `offset`, which must lie in the already flushed part (the header).
  void write_at(uint64_t offset, const void* data, size_t size);
  //! Bytes appended so far (flushed and buffered): the length the file will have.
  uint64_t size() const { return flushed_ + buffered_; }
  //! Flushes and closes, checking both.
  void close();
  //! Closes without flushing or checking (after an error).
  void discard() noexcept;
  //! The Error(Output) for this file with `reason`.
  Error error(std::string_view reason) const;

 private:
  void write_fully(const uint8_t* data, size_t size);

  std::string kind_;
  std::filesystem::path path_;
  int fd_ = -1;
  std::unique_ptr<uint8_t[]> buffer_;
  size_t buffered_ = 0;
  uint64_t flushed_ = 0;
};

//! Throws Error(Output) unless `block` holds whole sample frames of `channels` channels.
void check_pcm_block(const PcmFile& file, const AudioBlock& block, int channels);

//! Throws Error(Output) naming the file unless `rate` and `channels` can be stored.
void check_pcm_layout(std::string_view kind, const std::filesystem::path& path, int rate, int channels);

//! The sample format of a PCM writer from the codec option; throws Error(Usage) for f32.
SampleFormat pcm_integer_format(std::string_view kind, SampleFormat requested);

//! Decides when a live header is due: at most `interval` after the previous rewrite, checked on each block.
class HeaderClock {
 public:
  //! A clock rewriting every `interval`.
  explicit HeaderClock(std::chrono::milliseconds interval) : interval_(interval) {}
  //! Starts counting from now (after a rewrite).
  void reset() { last_ = std::chrono::steady_clock::now(); }
  //! Whether `interval` has passed since the last reset().
  bool due() const { return std::chrono::steady_clock::now() - last_ >= interval_; }

 private:
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace frameout
