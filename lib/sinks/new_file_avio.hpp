#pragma once
// libavformat writing into a file frameout created itself (create_new_file), instead of avio_open's
// open-by-name, which would follow a link planted at the temporary name.

#include <filesystem>

extern "C" {
#include <libavformat/avio.h>
}

namespace frameout {

//! Creates `path` (never an existing file or link) and sets `*pb` to a seekable AVIOContext writing into it;
//! returns 0 or a negative AVERROR. Free it with close_new_file_avio, never avio_close.
int open_new_file_avio(AVIOContext** pb, const std::filesystem::path& path);

//! Flushes, frees `*pb` (setting it to null) and closes the file; returns 0 or the first write, flush or
//! close error as a negative AVERROR. Does nothing for a null `*pb`.
int close_new_file_avio(AVIOContext** pb);

}  // namespace frameout
