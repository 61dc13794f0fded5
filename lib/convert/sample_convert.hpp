#pragma once
// Converts PCM between sample formats: exact when widening, rounded and clamped when narrowing.

#include "media/audio_block.hpp"

namespace frameout {

//! `block` in `target` format (a copy when already in it). Floats map ±1.0 to full scale, clamped.
AudioBlock convert_samples(const AudioBlock& block, SampleFormat target);

}  // namespace frameout
