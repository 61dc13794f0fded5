#pragma once
// The movie pipeline: source → pacer → convert → encode → mux, one named thread per stage, linked by
// bounded queues that carry end-of-stream. The only place these stages are connected.

#include <filesystem>
#include <vector>

#include <memory>

#include "media/counters.hpp"
#include "pipeline/record_control.hpp"
#include "pipeline/run_outcome.hpp"
#include "report/progress.hpp"
#include "sinks/movie/movie_spec.hpp"
#include "sources/audio_source.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! Records the movie `spec` describes from `video` (and `audio`, its sound track's input, when the spec has
//! one); throws Error on failure after removing any partial file. An input that breaks off (truncated frame)
//! still finishes the file with the complete frames and is returned as the outcome's input error. `control`
//! (optional) decides which frames are recorded and may end the take early.
RunOutcome run_movie(std::unique_ptr<VideoSource> video, std::unique_ptr<AudioSource> audio, const MovieSpec& spec,
                     ProgressMode progress, Counters& counters, RecordControl* control);

}  // namespace frameout
