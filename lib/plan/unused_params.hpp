#pragma once
// The promise that no given parameter is silently ignored: after planning, every given parameter that no
// plan used (or said why it has no effect) is warned about.

#include <string_view>

#include "job/job.hpp"

namespace frameout {

//! Warns once for each given parameter planning left unsettled; `output` names what is written ("a prores
//! movie", "a png image sequence").
void warn_unused_parameters(const Job& job, std::string_view output);

}  // namespace frameout
