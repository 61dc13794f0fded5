#pragma once
// The Common-page Pixel Format (`format`): the layout frames are held in before output.

#include "job/job.hpp"
#include "media/pixel_format.hpp"

namespace frameout {

//! `format` as a layout; `useinput` keeps the input's.
PixelFormat held_format(const Job& job, const PixelFormat& input);

}  // namespace frameout
