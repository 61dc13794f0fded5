#pragma once
// Picks the video source for a job's --input.

#include <memory>
#include <string>

#include "job/job.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! Opens the source named by --input (testpattern, raw file/FIFO/stdin); throws Error naming --input.
std::unique_ptr<VideoSource> open_video_source(const Job& job);

//! Opens an additional input (an image, image sequence or movie; sequences follow --frames and
//! --missing-frames) named by the parameter `param`; throws Error naming it.
std::unique_ptr<VideoSource> open_layer_source(const Job& job, const std::string& spec, const std::string& param,
                                               Rational rate);

}  // namespace frameout
