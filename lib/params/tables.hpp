#pragma once
// Private to lib/params: the per-page tables that registry.cpp concatenates.

#include <vector>

#include "params/registry.hpp"

namespace frameout::params {

//! Movie File Out page tables: Movie Out, EXR, Settings and Common pages.
std::vector<ParamDef> movie_page_params();
//! Audio File Out page tables: Audio File Out and its Common page.
std::vector<ParamDef> audio_page_params();
//! The page's colour spaces as a menu (Output Color Space and --input-colorspace).
std::vector<MenuItem> colour_space_menu();
//! frameout's own flags (inputs, overwrite, progress, report, ...), not on the reference pages.
std::vector<ParamDef> frameout_flags();

}  // namespace frameout::params
