#include "sinks/movie/full_moov.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string_view>

#include "sinks/movie/iso_box.hpp"
#include "sinks/movie/sample_tables.hpp"

namespace frameout {

namespace {

// Sample-table boxes that describe samples; they are written anew from the fragments.
constexpr std::string_view kSampleBoxes[] = {"stts", "ctts", "cslg", "stss", "stps", "sdtp", "stsz",
                                             "stz2", "stsc", "stco", "co64", "sbgp", "sgpd"};

bool is_sample_box(const BoxHeader& box) {
  return std::any_of(std::begin(kSampleBoxes), std::end(kSampleBoxes), [&](std::string_view t) { return box.is(t); });
}

// value * to / from, rounded, without overflowing for any 64-bit duration and 32-bit time scales.
uint64_t rescale(uint64_t value, uint32_t from, uint32_t to) {
  if (from == 0) return 0;
  const uint64_t whole = value / from;
  const uint64_t rest = value % from;
  return whole * to + (rest * to + from / 2) / from;
}

//! One edit list entry; media_time -1 is an empty edit (a delay before the track starts).
struct Edit {
  uint64_t duration = 0;  // movie time scale
  int64_t media_time = 0;
  uint32_t rate = 0x00010000;
};

//! What one trak needs: its id, time scale, handler, initial edit list, and the durations its boxes will carry.
struct TrackTiming {
  uint32_t id = 0;
  uint32_t timescale = 0;
  bool timecode = false;        // a tmcd track: one sample standing for the whole movie
  std::vector<Edit> edits;      // the initial moov's edit list, then the one to write
  uint64_t media_duration = 0;  // sum of sample durations (mdhd)
  uint64_t movie_duration = 0;  // presentation in the movie time scale (tkhd: the edits' sum)
};

// mvhd, tkhd and mdhd keep creation and modification times, then 4 (mvhd, mdhd: the time scale) or 8 (tkhd:
// track id and a reserved word) bytes, then the duration; version 1 widens the times and the duration.
void write_with_duration(BoxWriter& out, std::span<const uint8_t> box_bytes, const BoxHeader& box, size_t middle,
                         uint64_t duration) {
  ByteReader r(payload_of(box_bytes, box));
  const uint32_t version_flags = r.u32();
  const bool v1 = (version_flags >> 24) == 1;
  const uint64_t created = v1 ? r.u64() : r.u32();
  const uint64_t modified = v1 ? r.u64() : r.u32();
  std::vector<uint8_t> between(middle);
  for (auto& b : between) b = r.u8();
  if (v1)
    r.u64();
  else
    r.u32();
  const bool wide = v1 || duration > std::numeric_limits<uint32_t>::max();
  const char type[5] = {box.type[0], box.type[1], box.type[2], box.type[3], 0};
  const size_t start = out.begin_full(type, wide ? 1 : 0, version_flags & 0xFFFFFF);
  if (wide) {
    out.u64(created);
    out.u64(modified);
  } else {
    out.u32(static_cast<uint32_t>(created));
    out.u32(static_cast<uint32_t>(modified));
  }
  out.bytes(between);
  if (wide)
    out.u64(duration);
  else
    out.u32(static_cast<uint32_t>(duration));
  const auto rest = payload_of(box_bytes, box).last(r.left());
  out.bytes(rest);
  out.end(start);
}

void copy_box(BoxWriter& out, std::span<const uint8_t> bytes, const BoxHeader& box) {
  out.bytes(bytes.subspan(box.offset, box.size));
}

void write_edit_list(BoxWriter& out, const std::vector<Edit>& edits) {
  const bool wide = std::any_of(edits.begin(), edits.end(), [](const Edit& e) {
    return e.duration > std::numeric_limits<uint32_t>::max() || e.media_time > std::numeric_limits<int32_t>::max();
  });
  const size_t edts = out.begin("edts");
  const size_t elst = out.begin_full("elst", wide ? 1 : 0, 0);
  out.u32(static_cast<uint32_t>(edits.size()));
  for (const Edit& e : edits) {
    if (wide) {
      out.u64(e.duration);
      out.u64(static_cast<uint64_t>(e.media_time));
    } else {
      out.u32(static_cast<uint32_t>(e.duration));
      out.u32(static_cast<uint32_t>(static_cast<int32_t>(e.media_time)));
    }
    out.u32(e.rate);
  }
  out.end(elst);
  out.end(edts);
}

std::vector<Edit> read_edits(std::span<const uint8_t> trak) {
  std::vector<Edit> edits;
  const auto edts = find_box(trak, "edts");
  if (!edts) return edits;
  const auto elst = find_box(payload_of(trak, *edts), "elst");
  if (!elst) return edits;
  ByteReader r(payload_of(payload_of(trak, *edts), *elst));
  const bool v1 = (r.u32() >> 24) == 1;
  const uint32_t count = r.u32();
  for (uint32_t i = 0; i < count; ++i) {
    Edit e;
    e.duration = v1 ? r.u64() : r.u32();
    e.media_time = v1 ? static_cast<int64_t>(r.u64()) : static_cast<int32_t>(r.u32());
    e.rate = r.u32();
    edits.push_back(e);
  }
  return edits;
}

// Rewrites a container box: `leaf` handles (or declines, returning false) each child; a declined mdia or minf
// is rewritten the same way, other declined children are copied.
template <typename Leaf>
void rewrite(BoxWriter& out, std::span<const uint8_t> bytes, const BoxHeader& box, Leaf leaf) {
  const auto payload = payload_of(bytes, box);
  const char type[5] = {box.type[0], box.type[1], box.type[2], box.type[3], 0};
  const size_t start = out.begin(type);
  for (const BoxHeader& child : read_boxes(payload)) {
    if (leaf(payload, child)) continue;
    if (child.is("mdia") || child.is("minf"))
      rewrite(out, payload, child, leaf);
    else
      copy_box(out, payload, child);
  }
  out.end(start);
}

TrackTiming read_timing(std::span<const uint8_t> trak) {
  TrackTiming t;
  const auto tkhd = find_box(trak, "tkhd");
  const auto mdia = find_box(trak, "mdia");
  if (!tkhd || !mdia) throw std::out_of_range("a trak without tkhd or mdia");
  ByteReader r(payload_of(trak, *tkhd));
  const bool v1 = (r.u32() >> 24) == 1;
  r.skip(v1 ? 16 : 8);
  t.id = r.u32();
  t.edits = read_edits(trak);
  const auto mdia_payload = payload_of(trak, *mdia);
  const auto mdhd = find_box(mdia_payload, "mdhd");
  if (!mdhd) throw std::out_of_range("an mdia without mdhd");
  ByteReader m(payload_of(mdia_payload, *mdhd));
  const bool m1 = (m.u32() >> 24) == 1;
  m.skip(m1 ? 16 : 8);
  t.timescale = m.u32();
  if (const auto hdlr = find_box(mdia_payload, "hdlr")) {
    ByteReader h(payload_of(mdia_payload, *hdlr));
    h.skip(8);
    t.timecode = h.u32() == 0x746d6364;  // 'tmcd'
  }
  return t;
}

// The edit list the muxer wrote up front (delay_moov: it knew the first timestamps, not the length) gets its
// playing entry stretched to the end of the track; without one, an edit list starts the presentation at the
// first picture when B-frames delay it, as an ordinary movie from the same muxer has.
void measure(TrackTiming& t, const FragmentTrack* track, uint32_t movie_timescale) {
  t.media_duration = 0;
  if (track == nullptr || track->samples.empty()) return;
  int64_t first = std::numeric_limits<int64_t>::max();
  int64_t last = std::numeric_limits<int64_t>::min();
  for (const FragmentSample& s : track->samples) {
    const int64_t pts = static_cast<int64_t>(s.decode_time) + s.composition_offset;
    first = std::min(first, pts);
    last = std::max(last, pts + static_cast<int64_t>(s.duration));
    t.media_duration += s.duration;
  }
  first = std::max<int64_t>(first, 0);
  const auto playing = std::find_if(t.edits.rbegin(), t.edits.rend(), [](const Edit& e) { return e.media_time >= 0; });
  if (playing != t.edits.rend()) {
    playing->duration =
        rescale(static_cast<uint64_t>(std::max<int64_t>(last - playing->media_time, 0)), t.timescale, movie_timescale);
  } else if (t.edits.empty() && first != 0) {
    t.edits.push_back({rescale(static_cast<uint64_t>(last - first), t.timescale, movie_timescale), first});
  }
  t.movie_duration = 0;
  for (const Edit& e : t.edits) t.movie_duration += e.duration;
  if (t.edits.empty())
    t.movie_duration = rescale(static_cast<uint64_t>(std::max<int64_t>(last - first, 0)), t.timescale, movie_timescale);
}

}  // namespace

std::vector<uint8_t> build_full_moov(std::span<const uint8_t> initial_moov,
                                     const std::map<uint32_t, FragmentTrack>& tracks) {
  const BoxHeader moov = read_boxes(initial_moov).at(0);
  const auto payload = payload_of(initial_moov, moov);
  const auto mvhd = find_box(payload, "mvhd");
  if (!mvhd) throw std::out_of_range("a moov without mvhd");
  ByteReader mv(payload_of(payload, *mvhd));
  const bool mv1 = (mv.u32() >> 24) == 1;
  mv.skip(mv1 ? 16 : 8);
  const uint32_t movie_timescale = mv.u32();

  // Durations first: the movie's is the longest track's, and a timecode track lasts as long as the movie.
  std::map<uint32_t, TrackTiming> timing;
  std::map<uint32_t, FragmentTrack> stretched;
  uint64_t movie_duration = 0;
  for (const BoxHeader& box : read_boxes(payload)) {
    if (!box.is("trak")) continue;
    TrackTiming t = read_timing(payload_of(payload, box));
    const auto found = tracks.find(t.id);
    measure(t, found == tracks.end() ? nullptr : &found->second, movie_timescale);
    if (!t.timecode) movie_duration = std::max(movie_duration, t.movie_duration);
    timing[t.id] = t;
  }
  for (auto& [id, t] : timing) {
    const auto found = tracks.find(id);
    if (!t.timecode || found == tracks.end() || found->second.samples.size() != 1) continue;
    FragmentTrack track = found->second;
    const uint64_t duration = rescale(movie_duration, movie_timescale, t.timescale);
    track.samples[0].duration =
        static_cast<uint32_t>(std::min<uint64_t>(duration, std::numeric_limits<uint32_t>::max()));
    measure(t, &track, movie_timescale);
    stretched[id] = std::move(track);
  }

  BoxWriter out;
  const size_t start = out.begin("moov");
  for (const BoxHeader& child : read_boxes(payload)) {
    if (child.is("mvex")) continue;  // the fragments are hidden: nothing is declared to follow
    if (child.is("mvhd")) {
      write_with_duration(out, payload, child, 4, movie_duration);
      continue;
    }
    if (!child.is("trak")) {
      copy_box(out, payload, child);
      continue;
    }
    const TrackTiming& t = timing.at(read_timing(payload_of(payload, child)).id);
    // A track that never received a sample is left out, as the muxer leaves it out of an ordinary movie.
    if (!tracks.count(t.id) || tracks.at(t.id).samples.empty()) continue;
    const auto stretched_track = stretched.find(t.id);
    const FragmentTrack& samples = stretched_track != stretched.end() ? stretched_track->second : tracks.at(t.id);
    rewrite(out, payload, child, [&](std::span<const uint8_t> parent, const BoxHeader& box) {
      if (box.is("tkhd")) {
        write_with_duration(out, parent, box, 8, t.movie_duration);
        if (!t.edits.empty()) write_edit_list(out, t.edits);
        return true;
      }
      if (box.is("edts")) return true;
      if (box.is("mdhd")) {
        write_with_duration(out, parent, box, 4, t.media_duration);
        return true;
      }
      if (!box.is("stbl")) return false;
      const auto stbl = payload_of(parent, box);
      const size_t stbl_start = out.begin("stbl");
      for (const BoxHeader& entry : read_boxes(stbl))
        if (!is_sample_box(entry)) copy_box(out, stbl, entry);
      write_sample_tables(out, samples);
      out.end(stbl_start);
      return true;
    });
  }
  out.end(start);
  return out.data();
}

}  // namespace frameout
