#include "sinks/movie/fragment_index.hpp"

#include <algorithm>
#include <climits>
#include <optional>
#include <stdexcept>
#include <string>

#include "sinks/movie/iso_box.hpp"

namespace frameout {

namespace {

// ISO/IEC 14496-12 tfhd and trun flags, and the sample flag that marks a sample that is not a sync sample.
constexpr uint32_t kTfhdBaseDataOffset = 0x000001;
constexpr uint32_t kTfhdDescription = 0x000002;
constexpr uint32_t kTfhdDuration = 0x000008;
constexpr uint32_t kTfhdSize = 0x000010;
constexpr uint32_t kTfhdFlags = 0x000020;
constexpr uint32_t kTrunDataOffset = 0x000001;
constexpr uint32_t kTrunFirstFlags = 0x000004;
constexpr uint32_t kTrunDuration = 0x000100;
constexpr uint32_t kTrunSize = 0x000200;
constexpr uint32_t kTrunFlags = 0x000400;
constexpr uint32_t kTrunComposition = 0x000800;
constexpr uint32_t kNonSyncSample = 0x00010000;

}  // namespace

std::map<uint32_t, TrackDefaults> read_track_defaults(std::span<const uint8_t> moov_payload) {
  std::map<uint32_t, TrackDefaults> defaults;
  const auto mvex = find_box(moov_payload, "mvex");
  if (!mvex) return defaults;
  const auto mvex_payload = payload_of(moov_payload, *mvex);
  for (const BoxHeader& box : read_boxes(mvex_payload)) {
    if (!box.is("trex")) continue;
    ByteReader r(payload_of(mvex_payload, box));
    r.u32();  // version and flags
    const uint32_t track = r.u32();
    TrackDefaults& d = defaults[track];
    d.description = r.u32();
    d.duration = r.u32();
    d.size = r.u32();
    d.flags = r.u32();
  }
  return defaults;
}

void FragmentIndex::add_moof(std::span<const uint8_t> moof, uint64_t file_offset) {
  const BoxHeader header = read_boxes(moof).at(0);
  const auto payload = payload_of(moof, header);
  for (const BoxHeader& box : read_boxes(payload))
    if (box.is("traf")) add_traf(payload_of(payload, box), file_offset);
}

void FragmentIndex::add_traf(std::span<const uint8_t> traf, uint64_t moof_offset) {
  const auto tfhd_box = find_box(traf, "tfhd");
  if (!tfhd_box) throw std::out_of_range("a traf without tfhd");
  ByteReader tfhd(payload_of(traf, *tfhd_box));
  const uint32_t tf_flags = tfhd.u32() & 0xFFFFFF;
  const uint32_t track_id = tfhd.u32();
  const auto found = defaults_.find(track_id);
  if (found == defaults_.end())
    throw std::invalid_argument("a fragment of track " + std::to_string(track_id) +
                                ", which the moov does not declare");
  TrackDefaults d = found->second;
  // Without an explicit base the data offsets count from the moof (default-base-is-moof, and the only base
  // frameout's muxer writes besides an explicit one).
  uint64_t base = moof_offset;
  if (tf_flags & kTfhdBaseDataOffset) base = tfhd.u64();
  if (tf_flags & kTfhdDescription) d.description = tfhd.u32();
  if (tf_flags & kTfhdDuration) d.duration = tfhd.u32();
  if (tf_flags & kTfhdSize) d.size = tfhd.u32();
  if (tf_flags & kTfhdFlags) d.flags = tfhd.u32();

  FragmentTrack& track = tracks_[track_id];
  uint64_t decode_time = track.samples.empty() ? 0 : track.samples.back().decode_time + track.samples.back().duration;
  if (const auto tfdt_box = find_box(traf, "tfdt")) {
    ByteReader tfdt(payload_of(traf, *tfdt_box));
    const uint8_t version = static_cast<uint8_t>(tfdt.u32() >> 24);
    const uint64_t start = version == 1 ? tfdt.u64() : tfdt.u32();
    // A gap or overlap between fragments moves into the previous sample's duration, as a sample table has
    // no other way to say it.
    if (!track.samples.empty() && start != decode_time && start > track.samples.back().decode_time)
      track.samples.back().duration = static_cast<uint32_t>(start - track.samples.back().decode_time);
    decode_time = start;
  }

  uint64_t next_data = base;
  for (const BoxHeader& box : read_boxes(traf)) {
    if (!box.is("trun")) continue;
    ByteReader trun(payload_of(traf, box));
    const uint32_t version_flags = trun.u32();
    const bool signed_offsets = (version_flags >> 24) >= 1;
    const uint32_t flags = version_flags & 0xFFFFFF;
    const uint32_t count = trun.u32();
    uint64_t data = next_data;
    if (flags & kTrunDataOffset) data = base + static_cast<int64_t>(static_cast<int32_t>(trun.u32()));
    std::optional<uint32_t> first_flags;
    if (flags & kTrunFirstFlags) first_flags = trun.u32();
    if (count == 0) continue;
    track.chunks.push_back({data, count, d.description});
    for (uint32_t i = 0; i < count; ++i) {
      FragmentSample s;
      s.decode_time = decode_time;
      s.duration = flags & kTrunDuration ? trun.u32() : d.duration;
      s.size = flags & kTrunSize ? trun.u32() : d.size;
      uint32_t sample_flags = flags & kTrunFlags ? trun.u32() : d.flags;
      if (i == 0 && first_flags) sample_flags = *first_flags;
      if (flags & kTrunComposition) {
        const uint32_t raw = trun.u32();
        s.composition_offset =
            signed_offsets ? static_cast<int32_t>(raw) : static_cast<int32_t>(std::min<uint32_t>(raw, INT32_MAX));
      }
      s.sync = (sample_flags & kNonSyncSample) == 0;
      decode_time += s.duration;
      data += s.size;
      track.samples.push_back(s);
    }
    next_data = data;
    data_end_ = std::max(data_end_, data);
  }
}

}  // namespace frameout
