#pragma once
// HDR10 static metadata as libav side data: on every frame (encoders that read it from there) and on the stream
// (the mov/mp4 mdcv and clli boxes, Matroska's MasteringMetadata and MaxCLL/MaxFALL elements).

#include "media/hdr_metadata.hpp"

struct AVFrame;
struct AVStream;

namespace frameout {

//! Sets the mastering-display and content-light side data of `frame` (replacing any it carries); false when
//! out of memory.
bool set_hdr_side_data(AVFrame& frame, const HdrMetadata& hdr);

//! Adds the mastering-display and content-light side data to `stream` before the header is written; false when
//! out of memory.
bool add_hdr_side_data(AVStream& stream, const HdrMetadata& hdr);

}  // namespace frameout
