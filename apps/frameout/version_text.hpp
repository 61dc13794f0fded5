#pragma once
// `frameout version` / `frameout --version`: what a farm ticket needs to know about this build.

#include <string>

namespace frameout {

//! frameout's version, the versions of the libraries it runs with, and the video encoders available; plain
//! text of about twenty lines.
std::string version_text();

}  // namespace frameout
