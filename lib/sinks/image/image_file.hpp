#pragma once
// Helpers the image writers share: choosing a stored layout, checking the frame they are handed, and a
// stdio file whose every write and close is checked (a full disk must never pass as a finished image).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "system/error.hpp"
#include "media/pixel_format.hpp"
#include "media/video_frame.hpp"

namespace frameout {


//! The Common-page layout with this sample type and channel set (never the sRGB-tagged twin).
PixelFormat image_layout(SampleType sample, ChannelSet channels);

//! An Error(Output) for a failed write of a `kind` ("PNG") file at `path`.
Error image_write_error(std::string_view kind, const std::filesystem::path& path, std::string_view reason);

//! Throws Error(Output) unless `frame` holds width x height pixels of `expected` (what stored_format promised).
void check_image_frame(std::string_view kind, const std::filesystem::path& path, const VideoFrame& frame,
                       const PixelFormat& expected);

//! Appends `value` as `bytes` little-endian bytes (hand-written BMP and DDS headers).
inline void put_le(std::vector<uint8_t>& out, uint32_t value, int bytes = 4) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

//! A new file (create_new_file: never an existing file or a link) whose writes and close throw Error(Output).
class CheckedFile {
 public:
  //! Creates `path`; `kind` ("BMP") names the format in error messages.
  CheckedFile(const std::filesystem::path& path, std::string_view kind);
  //! Closes without checking when close() was not reached (error paths, where the file is discarded).
  ~CheckedFile();
  CheckedFile(const CheckedFile&) = delete;
  CheckedFile& operator=(const CheckedFile&) = delete;

  //! The stdio stream, for libraries that write through one (libpng, libjpeg).
  std::FILE* get() const { return file_; }
  //! Writes all `size` bytes or throws.
  void write(const void* data, size_t size);
  //! Flushes and closes, throwing if any earlier write through get() or the close failed.
  void close();
  //! The error for this file with `reason`, adding the stream's errno text when it has one.
  Error error(std::string_view reason) const;

 private:
  std::filesystem::path path_;
  std::string kind_;
  std::FILE* file_ = nullptr;
};

}  // namespace frameout
