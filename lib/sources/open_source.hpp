#pragma once
// Opens the source a spec describes.

#include <memory>

#include "sources/audio_source.hpp"
#include "sources/source_spec.hpp"
#include "sources/video_source.hpp"

namespace frameout {

//! Opens a video input; throws Error naming the input and its parameter.
std::unique_ptr<VideoSource> open_video_source(const VideoSourceSpec& spec);

//! Opens a PCM input; throws Error naming the input and its parameter.
std::unique_ptr<AudioSource> open_audio_source(const AudioSourceSpec& spec);

}  // namespace frameout
