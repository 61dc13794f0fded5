#pragma once
// How far apart two words are, for the "did you mean" suggestions of parameter and command names.

#include <cstddef>
#include <string_view>

namespace frameout::params {

//! Levenshtein distance: the fewest single-character insertions, deletions and substitutions turning a into b.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace frameout::params
