#pragma once
// frameout's own ISO base media (mov/mp4) box reading and writing: just what finalising a fragmented movie
// needs. Boxes are read from memory (a moov or moof read whole) or, at the top level, header by header
// from a file, so the media data is never read.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace frameout {

//! A four-character box type as it is stored.
using BoxType = std::array<char, 4>;

//! `text` (four characters) as a BoxType.
constexpr BoxType box_type(std::string_view text) { return {text[0], text[1], text[2], text[3]}; }

//! One box: where it starts, its whole size and the size of its header.
struct BoxHeader {
  uint64_t offset = 0;       //!< of the size field, from the start of what was read
  uint64_t size = 0;         //!< header included
  uint32_t header_size = 8;  //!< 8, or 16 with a 64-bit size
  BoxType type{};            //!< the four-character type

  //! Where the box's payload starts.
  uint64_t payload() const { return offset + header_size; }
  //! Where the box ends.
  uint64_t end() const { return offset + size; }
  //! Whether the box has type `t`.
  bool is(std::string_view t) const { return type == box_type(t); }
};

//! Big-endian reads from a span; reading past the end throws std::out_of_range (the caller names the file).
class ByteReader {
 public:
  //! Reads `bytes` from its start.
  explicit ByteReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  uint8_t u8();    //!< one byte
  uint16_t u16();  //!< two bytes, big-endian
  uint32_t u32();  //!< four bytes, big-endian
  uint64_t u64();  //!< eight bytes, big-endian
  //! Skips `n` bytes.
  void skip(size_t n);
  //! Bytes left.
  size_t left() const { return bytes_.size() - pos_; }

 private:
  std::span<const uint8_t> take(size_t n);
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

//! The boxes that follow each other in `bytes` (offsets relative to `bytes`); a box that does not fit
//! throws std::out_of_range.
std::vector<BoxHeader> read_boxes(std::span<const uint8_t> bytes);

//! The first child of `type` in `bytes` (the payload of a container box), if any.
std::optional<BoxHeader> find_box(std::span<const uint8_t> bytes, std::string_view type);

//! The payload of `box` within `bytes`.
inline std::span<const uint8_t> payload_of(std::span<const uint8_t> bytes, const BoxHeader& box) {
  return bytes.subspan(box.payload(), box.size - box.header_size);
}

//! The top-level boxes of an open file, read header by header.
struct TopLevelBoxes {
  std::vector<BoxHeader> boxes;  //!< every whole box, in file order
  uint64_t complete_end = 0;     //!< where the last whole box ends
  uint64_t file_size = 0;        //!< bytes in the file; more than complete_end when the last box was cut short
};

//! Reads the top-level box headers of the file open at `fd`; throws std::runtime_error on a read error.
TopLevelBoxes scan_top_level(int fd);

//! Builds boxes in memory, big-endian.
class BoxWriter {
 public:
  void u8(uint8_t v);    //!< one byte
  void u16(uint16_t v);  //!< two bytes
  void u32(uint32_t v);  //!< four bytes
  void u64(uint64_t v);  //!< eight bytes
  //! Copies `data` as it is.
  void bytes(std::span<const uint8_t> data);
  //! Starts a box of `type` (a 32-bit size filled in by end()); returns its start for end().
  size_t begin(std::string_view type);
  //! Starts a full box: a box with a version and 24 bits of flags.
  size_t begin_full(std::string_view type, uint8_t version, uint32_t flags);
  //! Writes the size of the box started at `start`; throws std::length_error beyond 4 GiB.
  void end(size_t start);
  //! What was written.
  const std::vector<uint8_t>& data() const { return data_; }

 private:
  std::vector<uint8_t> data_;
};

}  // namespace frameout
