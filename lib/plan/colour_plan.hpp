#pragma once
// What an output says about its colour: the space chosen by --outputcolorspace, the spaces H.273 cannot name,
// and the HDR mastering and light-level flags.

#include <string_view>

#include "formats/containers.hpp"
#include "formats/video_codecs.hpp"
#include "job/job.hpp"
#include "media/colour_space.hpp"
#include "media/hdr_metadata.hpp"
#include "media/output_format.hpp"

namespace frameout {

//! Says once, at -v, which of the space's primaries and transfer H.273 has no code for and the `consequence`
//! for the output (e.g. "the PNG files get no cICP chunk"); says nothing for exact spaces and passthrough.
void say_untagged(const ColourSpace& space, std::string_view consequence);

//! The tags of a movie in `space` written by `codec` from `pixel_format` frames: H.273 primaries and transfer
//! (Rec.2020's transfer by bit depth), the Y'CbCr matrix (RGB for RGB codecs, BT.601 for JPEG) and the range.
ColorTags movie_colour_tags(const ColourSpace& space, const VideoCodec& codec, AVPixelFormat pixel_format);

//! Says once, at -v, what an image file of type `token` (png, tiff, …) leaves out about `space`.
void say_image_untagged(const ColourSpace& space, std::string_view token);

//! --mastering-display, --max-cll and --max-fall for an output in `space`: empty when none is given; warns and
//! drops them (never silently) when the space is not PQ or HLG; throws a usage Error naming the flag on a bad value.
HdrMetadata plan_hdr_metadata(const Job& job, const ColourSpace& space);

//! The same for a movie inside `container`, also dropped with a warning when the container holds no colour
//! description.
HdrMetadata plan_hdr_metadata(const Job& job, const ColourSpace& space, const Container& container);

}  // namespace frameout
