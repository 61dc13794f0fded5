// --frames: any text parses to a range or is refused with frameout::Error; a parsed range answers at()
// at both ends and its covering span, when ascending, holds every frame.
#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "system/error.hpp"
#include "sources/images/frame_range.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace frameout;
  FrameRange range;
  try {
    range = parse_frame_range(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const Error&) {
    return 0;
  }
  if (range.empty()) return 0;
  // Long ranges are spans, not lists: look at their ends rather than walk them.
  const int64_t look = std::min<int64_t>(range.size(), 64);
  // The frames in increasing order that can be picked from the tail: each one above the last one kept.
  FrameRange ascending;
  int64_t last_kept = 0;
  for (int64_t i = 0; i < look; ++i) {
    const int64_t number = range.at(range.size() - look + i);
    (void)range.at(i);
    if (ascending.empty() || number > last_kept) {
      ascending.append(number);
      last_kept = number;
    }
  }
  const FrameSpan span = covering_span(ascending);
  if (span.count() < 1 || span.at(span.count() - 1) != span.last) std::abort();
  return 0;
}
