#include "sinks/movie/sample_tables.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace frameout {

namespace {

// Runs of equal values, as stts and ctts store them: (count, value).
template <typename T, typename Get>
std::vector<std::pair<uint32_t, T>> runs(const std::vector<FragmentSample>& samples, Get get) {
  std::vector<std::pair<uint32_t, T>> out;
  for (const FragmentSample& s : samples) {
    const T value = get(s);
    if (!out.empty() && out.back().second == value)
      ++out.back().first;
    else
      out.emplace_back(1, value);
  }
  return out;
}

void write_stts(BoxWriter& out, const std::vector<FragmentSample>& samples) {
  const auto entries = runs<uint32_t>(samples, [](const FragmentSample& s) { return s.duration; });
  const size_t box = out.begin_full("stts", 0, 0);
  out.u32(static_cast<uint32_t>(entries.size()));
  for (const auto& [count, delta] : entries) {
    out.u32(count);
    out.u32(delta);
  }
  out.end(box);
}

void write_ctts(BoxWriter& out, const std::vector<FragmentSample>& samples) {
  const bool any =
      std::any_of(samples.begin(), samples.end(), [](const FragmentSample& s) { return s.composition_offset != 0; });
  if (!any) return;
  const bool negative =
      std::any_of(samples.begin(), samples.end(), [](const FragmentSample& s) { return s.composition_offset < 0; });
  const auto entries = runs<int32_t>(samples, [](const FragmentSample& s) { return s.composition_offset; });
  // Version 1 is needed only for negative offsets; version 0 is what every reader knows.
  const size_t box = out.begin_full("ctts", negative ? 1 : 0, 0);
  out.u32(static_cast<uint32_t>(entries.size()));
  for (const auto& [count, offset] : entries) {
    out.u32(count);
    out.u32(static_cast<uint32_t>(offset));
  }
  out.end(box);
}

void write_stss(BoxWriter& out, const std::vector<FragmentSample>& samples) {
  // Without stss every sample is a sync sample.
  if (std::all_of(samples.begin(), samples.end(), [](const FragmentSample& s) { return s.sync; })) return;
  std::vector<uint32_t> sync;
  for (size_t i = 0; i < samples.size(); ++i)
    if (samples[i].sync) sync.push_back(static_cast<uint32_t>(i + 1));
  const size_t box = out.begin_full("stss", 0, 0);
  out.u32(static_cast<uint32_t>(sync.size()));
  for (uint32_t number : sync) out.u32(number);
  out.end(box);
}

void write_stsz(BoxWriter& out, const std::vector<FragmentSample>& samples) {
  const bool constant = !samples.empty() && std::all_of(samples.begin(), samples.end(), [&](const FragmentSample& s) {
    return s.size == samples.front().size;
  });
  const size_t box = out.begin_full("stsz", 0, 0);
  out.u32(constant ? samples.front().size : 0);
  out.u32(static_cast<uint32_t>(samples.size()));
  if (!constant)
    for (const FragmentSample& s : samples) out.u32(s.size);
  out.end(box);
}

void write_stsc(BoxWriter& out, const std::vector<FragmentChunk>& chunks) {
  struct Entry {
    uint32_t first_chunk, samples, description;
  };
  std::vector<Entry> entries;
  for (size_t i = 0; i < chunks.size(); ++i) {
    const FragmentChunk& c = chunks[i];
    if (!entries.empty() && entries.back().samples == c.samples && entries.back().description == c.description)
      continue;
    entries.push_back({static_cast<uint32_t>(i + 1), c.samples, c.description});
  }
  const size_t box = out.begin_full("stsc", 0, 0);
  out.u32(static_cast<uint32_t>(entries.size()));
  for (const Entry& e : entries) {
    out.u32(e.first_chunk);
    out.u32(e.samples);
    out.u32(e.description);
  }
  out.end(box);
}

void write_chunk_offsets(BoxWriter& out, const std::vector<FragmentChunk>& chunks) {
  // 32-bit offsets (stco) while they fit, as an ordinary movie of that size has; co64 beyond 4 GiB.
  const bool wide = std::any_of(chunks.begin(), chunks.end(),
                                [](const FragmentChunk& c) { return c.offset > std::numeric_limits<uint32_t>::max(); });
  const size_t box = out.begin_full(wide ? "co64" : "stco", 0, 0);
  out.u32(static_cast<uint32_t>(chunks.size()));
  for (const FragmentChunk& c : chunks) {
    if (wide)
      out.u64(c.offset);
    else
      out.u32(static_cast<uint32_t>(c.offset));
  }
  out.end(box);
}

}  // namespace

void write_sample_tables(BoxWriter& out, const FragmentTrack& track) {
  write_stts(out, track.samples);
  write_ctts(out, track.samples);
  write_stss(out, track.samples);
  write_stsz(out, track.samples);
  write_stsc(out, track.chunks);
  write_chunk_offsets(out, track.chunks);
}

}  // namespace frameout
