#pragma once
// Picks the video source for a job's --input.

#include <memory>

#include "job/job.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! Opens the source named by --input (testpattern, raw file/FIFO/stdin); throws Error naming --input.
std::unique_ptr<VideoSource> open_video_source(const Job& job);

}  // namespace frameout
