#pragma once
// Converts PCM between sample formats: exact when widening, rounded and clamped when narrowing.

#include <cstddef>
#include <cstdint>

#include "media/audio_block.hpp"

namespace frameout {

//! Byte order of stored samples (WAV is little-endian, AIFF big-endian).
enum class ByteOrder { Little, Big };

//! Converts `samples` interleaved samples from `from` (little-endian) at `src` to `to` at `dst`, in `order`.
//! Floats map ±1.0 to full scale, rounded to nearest and clamped; integers narrow rounding half up.
void convert_sample_run(const uint8_t* src, SampleFormat from, uint8_t* dst, SampleFormat to, size_t samples,
                        ByteOrder order = ByteOrder::Little);

//! `block` in `target` format (a copy when already in it), little-endian, as convert_sample_run.
AudioBlock convert_samples(const AudioBlock& block, SampleFormat target);

}  // namespace frameout
