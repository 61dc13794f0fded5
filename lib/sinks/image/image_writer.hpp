#pragma once
// One writer per still-image format. Each says which pixel layout it stores for a requested one, so the
// pipeline converts once, and writes a whole file to the path it is given (the caller handles naming,
// temporary names and renaming).

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "media/colour_space.hpp"
#include "media/hdr_metadata.hpp"
#include "media/pixel_format.hpp"
#include "media/video_frame.hpp"

namespace frameout {

//! Colour description for formats that carry one (PNG chunks, EXR attributes, TIFF and JPEG ICC profiles).
struct ImageColour {
  const ColourSpace* space = &default_colour_space();  //!< the output space; passthrough writes nothing
  double white_nits = 100.0;  //!< light of RGB 1,1,1 in linear spaces (EXR whiteLuminance), in cd/m²
  HdrMetadata hdr;            //!< mastering display and light levels (PNG mDCv, cLLi); planned for PQ and HLG only
};

//! Settings a writer may use; each format documents which ones it reads.
struct ImageOptions {
  double quality = 0.8;                 //!< JPEG quality 0..1
  bool chroma_444 = false;              //!< JPEG: 4:4:4 instead of 4:2:0
  bool mipmaps = false;                 //!< DDS: write a full box-filtered mip chain
  std::string compression;              //!< per format: exr none|rle|zips|zip|piz|pxr24|b44|b44a|dwaa|dwab, tiff none|lzw|deflate|packbits; "" = format default
  ImageColour colour;                   //!< colour description
  std::vector<std::pair<std::string, std::string>> header;  //!< extra metadata (EXR attributes)
  //! EXR channel names for the red, green, blue and alpha of the frame ([0]) and of each of its layers
  //! ([1] …); "" leaves a channel out. Empty: the usual names R, G, B, A (Y for mono).
  std::vector<std::array<std::string, 4>> channel_names;
  bool deterministic = false;           //!< no times or software versions that change between runs
};

//! Writes one image format.
class ImageWriter {
 public:
  virtual ~ImageWriter() = default;
  //! The imagefiletype token ("png").
  virtual std::string_view token() const = 0;
  //! The usual file extension with its dot (".png"), from the format's descriptor.
  std::string_view extension() const;
  //! The layout this format stores for frames of `requested` layout: the same when it can hold it,
  //! otherwise the closest it can (e.g. JPEG stores rgba8fixed as 8-bit RGB, dropping alpha).
  virtual PixelFormat stored_format(const PixelFormat& requested) const = 0;
  //! Writes `frame`, whose layout is stored_format(...) of some request, to `path`;
  //! throws Error(Output) naming the path on failure.
  virtual void write(const std::filesystem::path& path, const VideoFrame& frame, const ImageOptions& options) const = 0;
};

//! The writer for an imagefiletype token (tiff, jpeg, bmp, exr, png, dds), or nullptr.
std::unique_ptr<ImageWriter> make_image_writer(std::string_view token);

}  // namespace frameout
