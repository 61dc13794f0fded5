#pragma once
// Stills and image sequences: source → pacer → a pool of up to `maxthread` writers, each converting,
// encoding and publishing whole files.

#include <memory>
#include <vector>

#include "media/counters.hpp"
#include "pipeline/record_control.hpp"
#include "pipeline/run_outcome.hpp"
#include "report/progress.hpp"
#include "sinks/image/image_spec.hpp"
#include "sources/source_spec.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! Writes the still (--type image) or the sequence (--type imagesequence) `spec` describes from `video`, with
//! the EXR additional inputs `layers` read beside it.
RunOutcome run_images(std::unique_ptr<VideoSource> video, const std::vector<VideoSourceSpec>& layers,
                      const ImageSpec& spec, ProgressMode progress, Counters& counters, RecordControl* control);

}  // namespace frameout
