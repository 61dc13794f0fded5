#pragma once
// Plans a still (--type image) or an image sequence (--type imagesequence).

#include <vector>

#include "job/job.hpp"
#include "media/stream_info.hpp"
#include "sinks/image/image_spec.hpp"
#include "sources/source_spec.hpp"

namespace frameout {

//! What an image job writes, and the EXR additional inputs it reads beside --input.
struct ImageJob {
  ImageSpec spec;                        //!< the files written
  std::vector<VideoSourceSpec> layers;   //!< EXR additional inputs, their channel names in spec.options
};

//! Resolves and checks an image job against its input; throws Error naming the parameter.
ImageJob plan_images(const Job& job, const StreamInfo& input);

}  // namespace frameout
