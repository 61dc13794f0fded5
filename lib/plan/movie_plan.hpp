#pragma once
// Plans one movie output. Planning checks every codec × container × pixel format × size rule, so a bad job
// fails before any file is opened.

#include <optional>

#include "job/job.hpp"
#include "media/audio_block.hpp"
#include "media/stream_info.hpp"
#include "sinks/movie/movie_spec.hpp"

namespace frameout {

//! Resolves and checks a movie job against its input and, when --audiochop names one, its sound track's
//! input; throws Error(Usage) or Error(Unavailable) naming the parameter.
MovieSpec plan_movie(const Job& job, const StreamInfo& input, const std::optional<AudioInfo>& audio);

}  // namespace frameout
