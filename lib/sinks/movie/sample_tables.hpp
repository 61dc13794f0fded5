#pragma once
// The sample-table boxes (stts, ctts, stss, stsz, stsc, stco/co64) of one track, from its fragments' samples.

#include "sinks/movie/fragment_index.hpp"
#include "sinks/movie/iso_box.hpp"

namespace frameout {

//! Appends the sample-table boxes describing `track` to `out` (inside an stbl, after its stsd).
void write_sample_tables(BoxWriter& out, const FragmentTrack& track);

}  // namespace frameout
