// Sequence patterns: any name (first byte: leadingzerosdigits) gives a pattern or frameout::Error, and the
// name of any frame number keeps the pattern's padding.
#include <cstdint>
#include <limits>
#include <string>

#include "system/error.hpp"
#include "naming/frame_pattern.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace frameout;
  if (size == 0) return 0;
  const std::string name(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    (void)FramePattern::contains_token(name);
    const FramePattern pattern(name, data[0] % 12);
    for (const int64_t number : {int64_t{0}, int64_t{-7}, int64_t{1001}, std::numeric_limits<int64_t>::max(),
                                 std::numeric_limits<int64_t>::min()})
      (void)pattern.path_for(number);
  } catch (const Error&) {
  }
  return 0;
}
