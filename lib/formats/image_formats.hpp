#pragma once
// One descriptor per image file type: its imagefiletype token, its extensions, and the per-format settings it
// has a use for. Readers, writers, planning ("used by this output") and the README's image table take them
// from here, instead of keeping extension lists of their own.

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace frameout {

//! One image file type frameout reads and writes.
struct ImageFormat {
  std::string_view token;                    //!< imagefiletype token
  std::string_view label;                    //!< human name
  std::vector<std::string_view> extensions;  //!< file extensions with their dot, the usual one first
  std::vector<std::string_view> settings;    //!< the image-page parameters it has a use for
  int max_side = 0;                          //!< the largest width or height the format stores (0: no lower limit)

  //! The extension a file without one gets.
  std::string_view extension() const { return extensions.front(); }
  //! Whether `param` (a flag name without dashes) means something for this format.
  bool uses(std::string_view param) const;
};

//! Every image file type.
std::span<const ImageFormat> image_formats();
//! The descriptor of an imagefiletype token, or nullptr.
const ImageFormat* find_image_format(std::string_view token);
//! The type a path's extension names (any case), or nullptr.
const ImageFormat* image_format_for(const std::filesystem::path& path);
//! Every extension, space-separated, for messages (".exr .png .tif …").
std::string image_extension_list();

}  // namespace frameout
