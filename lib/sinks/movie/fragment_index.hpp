#pragma once
// The samples of a fragmented movie, gathered from its moof boxes (tfhd, tfdt, trun) with the defaults of
// the initial moov's trex boxes: what a sample table needs to describe the same media in place.

#include <cstdint>
#include <map>
#include <span>
#include <utility>
#include <vector>

namespace frameout {

//! One sample as the fragments describe it.
struct FragmentSample {
  uint64_t decode_time = 0;        //!< in the track's media time scale
  uint32_t duration = 0;           //!< in the track's media time scale
  uint32_t size = 0;               //!< bytes
  int32_t composition_offset = 0;  //!< presentation time minus decode time
  bool sync = true;                //!< a random-access point
};

//! Samples stored one after another in the file: one trun's data.
struct FragmentChunk {
  uint64_t offset = 0;       //!< file offset of the first sample's data
  uint32_t samples = 0;      //!< how many samples
  uint32_t description = 1;  //!< sample description index (stsd entry, from 1)
};

//! Everything one track's fragments hold, in decode order.
struct FragmentTrack {
  std::vector<FragmentSample> samples;  //!< every sample
  std::vector<FragmentChunk> chunks;    //!< where their data is
};

//! A trex box: the defaults a track fragment falls back on.
struct TrackDefaults {
  uint32_t description = 1;  //!< default_sample_description_index
  uint32_t duration = 0;     //!< default_sample_duration
  uint32_t size = 0;         //!< default_sample_size
  uint32_t flags = 0;        //!< default_sample_flags
};

//! Gathers the samples of fragmented tracks moof by moof.
class FragmentIndex {
 public:
  //! Starts with the trex defaults of each track (by track id).
  explicit FragmentIndex(std::map<uint32_t, TrackDefaults> defaults) : defaults_(std::move(defaults)) {}
  //! Adds the samples of one moof box read whole (`moof` from its size field on) found at `file_offset`;
  //! throws std::out_of_range when a box in it is malformed and std::invalid_argument for an unknown track.
  void add_moof(std::span<const uint8_t> moof, uint64_t file_offset);
  //! The tracks gathered so far, by track id.
  const std::map<uint32_t, FragmentTrack>& tracks() const { return tracks_; }
  //! The end of the furthest sample data the fragments point at.
  uint64_t data_end() const { return data_end_; }

 private:
  void add_traf(std::span<const uint8_t> traf, uint64_t moof_offset);

  std::map<uint32_t, TrackDefaults> defaults_;
  std::map<uint32_t, FragmentTrack> tracks_;
  uint64_t data_end_ = 0;
};

//! Reads the trex boxes of a moov payload's mvex (by track id); empty when there is no mvex.
std::map<uint32_t, TrackDefaults> read_track_defaults(std::span<const uint8_t> moov_payload);

}  // namespace frameout
