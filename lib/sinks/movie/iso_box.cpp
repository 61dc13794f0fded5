#include "sinks/movie/iso_box.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace frameout {

std::span<const uint8_t> ByteReader::take(size_t n) {
  if (n > left()) throw std::out_of_range("a box ends before its fields");
  const auto part = bytes_.subspan(pos_, n);
  pos_ += n;
  return part;
}

uint8_t ByteReader::u8() { return take(1)[0]; }

uint16_t ByteReader::u16() {
  const auto b = take(2);
  return static_cast<uint16_t>((b[0] << 8) | b[1]);
}

uint32_t ByteReader::u32() {
  const auto b = take(4);
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
}

uint64_t ByteReader::u64() {
  const uint64_t high = u32();
  return (high << 32) | u32();
}

void ByteReader::skip(size_t n) { take(n); }

namespace {

// Parses one box header from `head` (at least 16 bytes, or all there is) found at `offset`; `room` is how
// many bytes there are from `offset` to the end of the enclosing space.
std::optional<BoxHeader> parse_header(std::span<const uint8_t> head, uint64_t offset, uint64_t room) {
  if (head.size() < 8) return std::nullopt;
  ByteReader r(head);
  BoxHeader box;
  box.offset = offset;
  box.size = r.u32();
  for (char& c : box.type) c = static_cast<char>(r.u8());
  if (box.size == 1) {
    if (head.size() < 16) return std::nullopt;
    box.size = r.u64();
    box.header_size = 16;
  } else if (box.size == 0) {
    box.size = room;  // "to the end of the file"
  }
  if (box.size < box.header_size || box.size > room) return std::nullopt;
  return box;
}

}  // namespace

std::vector<BoxHeader> read_boxes(std::span<const uint8_t> bytes) {
  std::vector<BoxHeader> boxes;
  uint64_t offset = 0;
  while (offset < bytes.size()) {
    const auto head = bytes.subspan(offset, std::min<size_t>(16, bytes.size() - offset));
    const auto box = parse_header(head, offset, bytes.size() - offset);
    if (!box) throw std::out_of_range("a box runs past its parent");
    boxes.push_back(*box);
    offset = box->end();
  }
  return boxes;
}

std::optional<BoxHeader> find_box(std::span<const uint8_t> bytes, std::string_view type) {
  for (const BoxHeader& box : read_boxes(bytes))
    if (box.is(type)) return box;
  return std::nullopt;
}

TopLevelBoxes scan_top_level(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw std::runtime_error(std::strerror(errno));
  TopLevelBoxes top;
  top.file_size = static_cast<uint64_t>(st.st_size);
  uint64_t offset = 0;
  while (offset < top.file_size) {
    uint8_t head[16];
    const size_t want = std::min<uint64_t>(sizeof head, top.file_size - offset);
    const ssize_t got = ::pread(fd, head, want, static_cast<off_t>(offset));
    if (got < 0) throw std::runtime_error(std::strerror(errno));
    const auto box = parse_header({head, static_cast<size_t>(got)}, offset, top.file_size - offset);
    if (!box) break;  // cut short: the file ends inside this box
    top.boxes.push_back(*box);
    offset = box->end();
  }
  top.complete_end = offset;
  return top;
}

void BoxWriter::u8(uint8_t v) { data_.push_back(v); }
void BoxWriter::u16(uint16_t v) {
  u8(static_cast<uint8_t>(v >> 8));
  u8(static_cast<uint8_t>(v));
}
void BoxWriter::u32(uint32_t v) {
  u16(static_cast<uint16_t>(v >> 16));
  u16(static_cast<uint16_t>(v));
}
void BoxWriter::u64(uint64_t v) {
  u32(static_cast<uint32_t>(v >> 32));
  u32(static_cast<uint32_t>(v));
}

void BoxWriter::bytes(std::span<const uint8_t> data) { data_.insert(data_.end(), data.begin(), data.end()); }

size_t BoxWriter::begin(std::string_view type) {
  const size_t start = data_.size();
  u32(0);
  for (char c : type.substr(0, 4)) u8(static_cast<uint8_t>(c));
  return start;
}

size_t BoxWriter::begin_full(std::string_view type, uint8_t version, uint32_t flags) {
  const size_t start = begin(type);
  u32((uint32_t{version} << 24) | (flags & 0xFFFFFF));
  return start;
}

void BoxWriter::end(size_t start) {
  const uint64_t size = data_.size() - start;
  if (size > UINT32_MAX) throw std::length_error("a box larger than 4 GiB");
  for (int i = 0; i < 4; ++i) data_[start + i] = static_cast<uint8_t>(size >> (24 - 8 * i));
}

}  // namespace frameout
