#include "plan/held_format.hpp"

namespace frameout {

PixelFormat held_format(const Job& job, const PixelFormat& input) {
  const std::string token = job.text("format");
  return token == "useinput" ? input : *find_pixel_format(token);
}

}  // namespace frameout
