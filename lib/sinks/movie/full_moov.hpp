#pragma once
// The moov of an ordinary (non-fragmented) movie built from the initial moov of a fragmented one and the
// samples its fragments hold: sample tables pointing at the media data where it already is, durations
// filled in, the fragment declarations (mvex) left out.

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "sinks/movie/fragment_index.hpp"

namespace frameout {

//! The complete moov box (header included) for `initial_moov` (the whole initial moov box) and the
//! samples of `tracks` (by track id); throws std::out_of_range for a malformed moov.
std::vector<uint8_t> build_full_moov(std::span<const uint8_t> initial_moov,
                                     const std::map<uint32_t, FragmentTrack>& tracks);

}  // namespace frameout
