#pragma once
// The muxer options that let a movie survive a crash: mov and mp4 are written as fragments, Matroska in
// (and WebM) short clusters, each reaching the file at most a second (half a second in a live take) after its
// first frame was muxed.

#include <string_view>

#include "media/rational.hpp"

struct AVDictionary;

namespace frameout {

//! Whether `muxer` writes fragments that a clean stop turns into an ordinary movie (mov, mp4).
bool writes_fragments(std::string_view muxer);

//! Adds to `options` what `muxer` needs to write fragments or clusters of at most a second at `fps` (half a
//! second when `live`); leaves other muxers' options alone.
void add_crash_safe_options(std::string_view muxer, Rational fps, bool live, AVDictionary** options);

}  // namespace frameout
