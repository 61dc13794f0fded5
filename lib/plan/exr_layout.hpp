#pragma once
// The EXR page's channel blocks: block 0 names the channels of the main --input, blocks 1..8 add the
// channels of additional inputs (input1top … input8top, or --exr-input) under their own names.

#include <array>
#include <string>
#include <vector>

#include "job/job.hpp"
#include "media/pixel_format.hpp"

namespace frameout {

//! EXR channel names for the red, green, blue and alpha channels of one block; "" leaves a channel out.
using ExrChannelNames = std::array<std::string, 4>;

//! One additional input: its block number (the N of inputNtop) and what to read.
struct ExrLayerInput {
  int block = 0;     //!< 1 to 8
  std::string spec;  //!< image, image sequence pattern or movie
};

//! The additional inputs of a job and the channel names of every block that is written.
struct ExrLayout {
  std::vector<ExrLayerInput> inputs;  //!< in block order
  std::vector<ExrChannelNames> names; //!< [0] the main input, then one per entry of `inputs`
};

//! Reads the EXR page of a job whose main frames have `main_channels`: a mono main picture keeps the
//! usual EXR name Y unless input0r is given. Throws Error(Usage) for names given to a block without an
//! input and when every name is empty.
ExrLayout exr_layout(const Job& job, ChannelSet main_channels);

//! The first EXR channel parameter (input0r … input8a, input1top …) the job gives, or "" when none: jobs
//! that write no EXR file refuse them rather than drop the channels.
std::string first_exr_channel_param(const Job& job);

}  // namespace frameout
