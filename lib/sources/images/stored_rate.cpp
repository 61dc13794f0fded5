#include "sources/images/stored_rate.hpp"

#include <exception>

#include <ImfHeader.h>
#include <ImfInputFile.h>
#include <ImfStandardAttributes.h>

namespace frameout {

std::optional<Rational> stored_frame_rate(const std::filesystem::path& path) {
  // PNG, TIFF, JPEG, BMP and DDS have no frame-rate field; of the formats read here only EXR does.
  if (path.extension() != ".exr" && path.extension() != ".EXR") return std::nullopt;
  try {
    Imf::InputFile file(path.c_str());
    if (!Imf::hasFramesPerSecond(file.header())) return std::nullopt;
    const Imf::Rational& fps = Imf::framesPerSecond(file.header());
    if (fps.n <= 0 || fps.d == 0) return std::nullopt;
    return Rational{fps.n, static_cast<int64_t>(fps.d)};
  } catch (const std::exception&) {
    // The reader reports an unreadable file itself; a header it cannot parse simply stores no rate.
    return std::nullopt;
  }
}

}  // namespace frameout
