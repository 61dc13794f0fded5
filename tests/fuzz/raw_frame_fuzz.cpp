// Raw frames: the first three bytes pick the pixel format and a small size, the rest is the file. Every
// frame read must have all its bytes; a short tail is refused with frameout::Error.
#include <cstdlib>

#include "system/error.hpp"
#include "fuzz_input.hpp"
#include "sources/raw_frame_source.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace frameout;
  if (size < 3) return 0;
  const auto formats = pixel_formats();
  const PixelFormat format = formats[data[0] % formats.size()];
  const int width = 1 + data[1] % 16;
  const int height = 1 + data[2] % 16;
  const auto path = fuzzing::input_file(data + 3, size - 3, ".raw");
  try {
    RawFrameSource source(path.string(), width, height, format, Rational{30, 1});
    VideoFrame frame;
    int64_t frames = 0;
    while (source.read(frame) == ReadResult::Frame) {
      if (frame.byte_size() != format.frame_bytes(width, height) || frame.index != frames++) std::abort();
      (void)fuzzing::touch(frame.pixels(), frame.byte_size());
    }
    if (source.info().frame_count && *source.info().frame_count != frames) std::abort();
  } catch (const Error&) {
  }
  return 0;
}
