// One image reader (FRAMEOUT_FUZZ_EXTENSION picks it, as read_image does): any file decodes to a frame
// whose buffer holds every pixel, or is refused with frameout::Error.
#include <cstdlib>

#include "system/error.hpp"
#include "fuzz_input.hpp"
#include "sources/images/image_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace frameout;
  ImageReadOptions options;
  // The size check is the same at any limit; a small one keeps a header claiming a big image from costing each
  // run a large zero-filled frame (EXR ran at 8 inputs a second with 4 Mpixel).
  options.max_pixels = 1 << 16;
  try {
    const VideoFrame frame = read_image(fuzzing::input_file(data, size, FRAMEOUT_FUZZ_EXTENSION), options);
    if (frame.byte_size() != frame.format.frame_bytes(frame.width, frame.height)) std::abort();
    (void)fuzzing::touch(frame.pixels(), frame.byte_size());
  } catch (const Error&) {
  }
  return 0;
}
