#include "media/libav.hpp"

extern "C" {
#include <libavutil/error.h>
}

namespace frameout {

std::string av_error_text(int code) {
  char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, buffer, sizeof buffer);
  return buffer;
}

}  // namespace frameout
