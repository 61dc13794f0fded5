#pragma once
// Reads one image file (EXR, PNG, TIFF, JPEG, BMP, DDS) into a frame that keeps the file's precision
// and channel set, for image and image-sequence inputs.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "media/input_limits.hpp"
#include "media/video_frame.hpp"

namespace frameout {

//! Choices that change what is read from an image file.
struct ImageReadOptions {
  std::string exr_layer;  //!< EXR: read the channels "LAYER.R", "LAYER.G", ... (empty: the default layer)
  int64_t max_pixels = kDefaultMaxInputPixels;  //!< larger images are refused before anything is allocated
};

//! Whether the file's extension names a format that read_image decodes itself.
bool has_image_reader(const std::filesystem::path& path);

//! Decodes `path`, choosing the reader by extension, into the memory of `reuse` when it is large enough (a
//! sequence hands back the pixels of a frame that is done with: a fresh buffer per frame costs page faults).
//! Throws Error(Input) naming the file and `--input` when it cannot be read; frame.index is 0.
VideoFrame read_image(const std::filesystem::path& path, const ImageReadOptions& options,
                      std::vector<uint8_t> reuse = {});

}  // namespace frameout
