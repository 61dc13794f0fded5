#pragma once
// What a still (--type image) or an image sequence (--type imagesequence) writes, decided by planning before
// any file is opened: the image pipeline and writers take this, never the job.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "media/colour_conversion.hpp"
#include "media/pixel_format.hpp"
#include "media/rational.hpp"
#include "sinks/image/image_writer.hpp"

namespace frameout {

//! Everything the image pipeline needs.
struct ImageSpec {
  std::shared_ptr<const ImageWriter> writer;  //!< the imagefiletype writer
  bool sequence = false;                      //!< one file per frame (else one still)
  PixelFormat held{};                         //!< layout frames are held in (--format; the input's for useinput)
  PixelFormat stored{};                       //!< layout written to the files: the closest to `held` the writer has
  ImageOptions options;                       //!< per-format settings
  ColourConversion colour;                    //!< colour values converted before storing (none by default)
  std::filesystem::path file;                 //!< requested name (extension resolved)
  int leading_zeros = 0;                      //!< minimum digits of sequence numbers
  int64_t first_number = 0;                   //!< number of the first sequence file; uniquesuff claims the first free one from it
  Rational fps;                               //!< output rate (pacing of sequences)
  std::optional<int64_t> frame_limit;         //!< output frames (limitlength)
  int64_t still_frame = 0;                    //!< input frame written by --type image
  int workers = 1;                            //!< maxthread: files encoded and written at once
  bool unique_suffix = false;                 //!< uniquesuff
  bool overwrite = false;                     //!< --overwrite
};

}  // namespace frameout
