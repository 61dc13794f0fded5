#include "sinks/audio/pcm_file.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "system/new_file.hpp"

namespace frameout {

namespace {

// Large enough that a recording costs a few write(2) calls per second, small enough to lose little on a kill
// (the header refresh flushes it anyway).
constexpr size_t kBufferBytes = size_t{1} << 20;

std::string errno_text(int code) { return std::strerror(code); }

}  // namespace

bool same_key_ignoring_case(std::string_view key, std::string_view name) {
  return key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void HeaderBytes::id(std::string_view four_cc) {
  for (size_t i = 0; i < 4; ++i) bytes.push_back(i < four_cc.size() ? static_cast<uint8_t>(four_cc[i]) : ' ');
}
void HeaderBytes::le16(uint16_t v) {
  for (int i = 0; i < 2; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void HeaderBytes::le32(uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void HeaderBytes::le64(uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void HeaderBytes::be16(uint16_t v) {
  for (int i = 1; i >= 0; --i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void HeaderBytes::be32(uint32_t v) {
  for (int i = 3; i >= 0; --i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void HeaderBytes::be64(uint64_t v) {
  for (int i = 7; i >= 0; --i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void HeaderBytes::raw(const void* data, size_t size) {
  const auto* p = static_cast<const uint8_t*>(data);
  bytes.insert(bytes.end(), p, p + size);
}
void HeaderBytes::zeros(size_t count) { bytes.insert(bytes.end(), count, 0); }

PcmFile::PcmFile(std::string_view kind) : kind_(kind) {}

PcmFile::~PcmFile() { discard(); }

Error PcmFile::error(std::string_view reason) const {
  return Error(ExitCode::Output, fmt::format("cannot write {} \"{}\": {}", kind_, path_.string(), reason));
}

void PcmFile::open(const std::filesystem::path& path) {
  discard();
  path_ = path;
  buffered_ = 0;
  flushed_ = 0;
  const int fd = create_new_file(path);
  if (fd < 0) throw error(errno_text(-fd));
  fd_ = fd;
  if (!buffer_) buffer_ = std::make_unique_for_overwrite<uint8_t[]>(kBufferBytes);
}

void PcmFile::write_fully(const uint8_t* data, size_t size) {
  if (const int failure = write_all(fd_, data, size); failure != 0) throw error(errno_text(failure));
  flushed_ += size;
}

void PcmFile::flush() {
  if (buffered_ == 0) return;
  // Count the bytes as gone from the buffer before writing: on failure the file is abandoned anyway.
  const size_t size = buffered_;
  buffered_ = 0;
  write_fully(buffer_.get(), size);
}

void PcmFile::append(const void* data, size_t size) {
  if (buffered_ + size > kBufferBytes) flush();
  if (size >= kBufferBytes) {
    write_fully(static_cast<const uint8_t*>(data), size);
    return;
  }
  std::memcpy(buffer_.get() + buffered_, data, size);
  buffered_ += size;
}

std::span<uint8_t> PcmFile::reserve(size_t min_bytes) {
  if (kBufferBytes - buffered_ < min_bytes) flush();
  return {buffer_.get() + buffered_, kBufferBytes - buffered_};
}

void PcmFile::commit(size_t size) { buffered_ += size; }

size_t PcmFile::append_samples(const AudioBlock& block, SampleFormat format, ByteOrder order) {
  const size_t in_unit = static_cast<size_t>(sample_bytes(block.format)), out_unit = static_cast<size_t>(sample_bytes(format));
  const uint8_t* in = block.data.data();
  size_t left = block.data.size() / in_unit;
  while (left > 0) {
    // Converted straight into the file buffer: no second copy of the samples.
    const std::span<uint8_t> space = reserve(out_unit);
    const size_t n = std::min(left, space.size() / out_unit);
    convert_sample_run(in, block.format, space.data(), format, n, order);
    commit(n * out_unit);
    in += n * in_unit;
    left -= n;
  }
  return block.data.size() / in_unit * out_unit;
}

void PcmFile::write_at(uint64_t offset, const void* data, size_t size) {
  const auto* p = static_cast<const uint8_t*>(data);
  while (size > 0) {
    const ssize_t n = ::pwrite(fd_, p, size, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw error(fmt::format("rewriting the header failed: {}", errno_text(errno)));
    }
    if (n == 0) throw error(fmt::format("rewriting the header failed: {}", errno_text(ENOSPC)));
    p += n;
    offset += static_cast<uint64_t>(n);
    size -= static_cast<size_t>(n);
  }
}

void PcmFile::close() {
  if (fd_ < 0) return;
  try {
    flush();
  } catch (...) {
    discard();
    throw;
  }
  const int fd = fd_;
  fd_ = -1;
  // close(2) can report a delayed write error (NFS, quotas); a file that failed there is not finished.
  if (::close(fd) != 0 && errno != EINTR) throw error(errno_text(errno));
}

void PcmFile::discard() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffered_ = 0;
}

void check_pcm_block(const PcmFile& file, const AudioBlock& block, int channels) {
  if (block.channels != channels)
    throw file.error(fmt::format("internal: handed blocks of {} channels, expected {}", block.channels, channels));
  if (block.data.size() % (static_cast<size_t>(channels) * sample_bytes(block.format)) != 0)
    throw file.error(fmt::format("internal: a block of {} bytes is not whole {}-channel {} sample frames",
                                 block.data.size(), channels, sample_format_token(block.format)));
}

void check_pcm_layout(std::string_view kind, const std::filesystem::path& path, int rate, int channels) {
  if (rate <= 0 || channels < 1 || channels > 0xFFFF)
    throw Error(ExitCode::Output, fmt::format("cannot write {} \"{}\": internal: {} Hz with {} channels", kind,
                                              path.string(), rate, channels));
}

SampleFormat pcm_integer_format(std::string_view kind, SampleFormat requested) {
  if (requested == SampleFormat::F32)
    throw Error(ExitCode::Usage, fmt::format("{} files take --codec pcm16, pcm24 or pcm32", kind));
  return requested;
}

}  // namespace frameout
