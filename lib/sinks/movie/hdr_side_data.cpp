#include "sinks/movie/hdr_side_data.hpp"

#include <cstring>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libavutil/mastering_display_metadata.h>
}

namespace frameout {

namespace {

// The notation's units are the fractions' denominators, so libav gets the values exactly.
constexpr int kCoordinateUnits = 50000;
constexpr int kLuminanceUnits = 10000;

void fill(AVMasteringDisplayMetadata& out, const MasteringDisplay& in) {
  // libav orders the primaries red, green, blue.
  const MasteringPoint* primaries[3] = {&in.red, &in.green, &in.blue};
  for (int i = 0; i < 3; ++i) {
    out.display_primaries[i][0] = {static_cast<int>(primaries[i]->x), kCoordinateUnits};
    out.display_primaries[i][1] = {static_cast<int>(primaries[i]->y), kCoordinateUnits};
  }
  out.white_point[0] = {static_cast<int>(in.white.x), kCoordinateUnits};
  out.white_point[1] = {static_cast<int>(in.white.y), kCoordinateUnits};
  out.max_luminance = {static_cast<int>(in.max_luminance), kLuminanceUnits};
  out.min_luminance = {static_cast<int>(in.min_luminance), kLuminanceUnits};
  out.has_primaries = 1;
  out.has_luminance = 1;
}

void fill(AVContentLightMetadata& out, const ContentLightLevel& in) {
  out.MaxCLL = in.max_cll;
  out.MaxFALL = in.max_fall;
}

// The frame's side data of `type`, reused when a pooled frame already has it.
void* frame_side_data(AVFrame& frame, AVFrameSideDataType type, size_t size) {
  AVFrameSideData* data = av_frame_get_side_data(&frame, type);
  if (data == nullptr) data = av_frame_new_side_data(&frame, type, size);
  if (data == nullptr || data->size < size) return nullptr;
  std::memset(data->data, 0, size);
  return data->data;
}

}  // namespace

bool set_hdr_side_data(AVFrame& frame, const HdrMetadata& hdr) {
  if (hdr.mastering) {
    void* data = frame_side_data(frame, AV_FRAME_DATA_MASTERING_DISPLAY_METADATA, sizeof(AVMasteringDisplayMetadata));
    if (data == nullptr) return false;
    fill(*static_cast<AVMasteringDisplayMetadata*>(data), *hdr.mastering);
  }
  if (hdr.light) {
    void* data = frame_side_data(frame, AV_FRAME_DATA_CONTENT_LIGHT_LEVEL, sizeof(AVContentLightMetadata));
    if (data == nullptr) return false;
    fill(*static_cast<AVContentLightMetadata*>(data), *hdr.light);
  }
  return true;
}

bool add_hdr_side_data(AVStream& stream, const HdrMetadata& hdr) {
  if (hdr.mastering) {
    uint8_t* data = av_stream_new_side_data(&stream, AV_PKT_DATA_MASTERING_DISPLAY_METADATA,
                                            sizeof(AVMasteringDisplayMetadata));
    if (data == nullptr) return false;
    std::memset(data, 0, sizeof(AVMasteringDisplayMetadata));
    fill(*reinterpret_cast<AVMasteringDisplayMetadata*>(data), *hdr.mastering);
  }
  if (hdr.light) {
    uint8_t* data = av_stream_new_side_data(&stream, AV_PKT_DATA_CONTENT_LIGHT_LEVEL, sizeof(AVContentLightMetadata));
    if (data == nullptr) return false;
    std::memset(data, 0, sizeof(AVContentLightMetadata));
    fill(*reinterpret_cast<AVContentLightMetadata*>(data), *hdr.light);
  }
  return true;
}

}  // namespace frameout
