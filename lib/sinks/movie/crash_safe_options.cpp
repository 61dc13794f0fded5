#include "sinks/movie/crash_safe_options.hpp"

#include <algorithm>
#include <string>

extern "C" {
#include <libavutil/dict.h>
}

namespace frameout {

namespace {

constexpr int kFragmentMicroseconds = 1000000;
// A live take loses what its fragment, the encoder's look-ahead (a quarter second, see EncoderSettings) and the
// queues hold when killed: half-second fragments keep that under a second.
constexpr int kLiveFragmentMicroseconds = 500000;
// The muxer holds a fragment's media in one growing buffer until the fragment is complete. Past glibc's
// largest mmap threshold (32 MiB) every fragment's buffer is fresh mapped memory, and faulting it in cost
// CineForm at 1080p (2 MB a frame) 15 % of its CPU time; buffers this size are reused from the heap.
constexpr int kFragmentBytes = 8 << 20;

}  // namespace

bool writes_fragments(std::string_view muxer) { return muxer == "mov" || muxer == "mp4"; }

void add_crash_safe_options(std::string_view muxer, Rational fps, bool live, AVDictionary** options) {
  const int span = live ? kLiveFragmentMicroseconds : kFragmentMicroseconds;
  if (writes_fragments(muxer)) {
    // An empty moov (written with the first fragment, when the tracks' first timestamps are known: the
    // edit lists for B-frames and audio priming depend on them), then a moof + mdat pair whenever the
    // fragment reaches its span (a second, or half of one) or 8 MiB: by duration and size only, so intra-only
    // codecs (every frame a key frame) do not get a fragment per frame. Offsets count from each moof, and no mfra trailer is written: the
    // clean stop appends a full moov instead.
    av_dict_set(options, "movflags", "+empty_moov+delay_moov+default_base_moof+skip_trailer", AV_DICT_APPEND);
    av_dict_set_int(options, "frag_duration", span, 0);
    av_dict_set_int(options, "frag_size", kFragmentBytes, 0);
  } else if (muxer == "matroska" || muxer == "webm") {
    // matroskaenc closes a cluster at the first packet *past* the limit, so the limit leaves room for one
    // frame: a cluster then spans at most its span.
    const double frame_ms = fps.num > 0 ? 1000.0 * static_cast<double>(fps.den) / static_cast<double>(fps.num) : 0;
    const int limit = std::max(1, static_cast<int>(span / 1000.0 - frame_ms));
    av_dict_set_int(options, "cluster_time_limit", limit, 0);
  }
}

}  // namespace frameout
