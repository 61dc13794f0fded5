// One image reader (FRAMEOUT_FUZZ_EXTENSION picks it, as read_image does): any file decodes to a frame
// whose buffer holds every pixel, or is refused with frameout::Error.
#include <cstdlib>

#include "core/error.hpp"
#include "fuzz_input.hpp"
#include "sources/images/image_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace frameout;
  ImageReadOptions options;
  // Small enough that a header claiming a huge image is refused rather than filling the fuzzer's memory.
  options.max_pixels = 1 << 22;
  try {
    const VideoFrame frame = read_image(fuzzing::input_file(data, size, FRAMEOUT_FUZZ_EXTENSION), options);
    if (frame.byte_size() != frame.format.frame_bytes(frame.width, frame.height)) std::abort();
    (void)fuzzing::touch(frame.pixels(), frame.byte_size());
  } catch (const Error&) {
  }
  return 0;
}
