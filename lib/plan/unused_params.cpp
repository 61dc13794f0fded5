#include "plan/unused_params.hpp"

#include <spdlog/spdlog.h>

namespace frameout {

void warn_unused_parameters(const Job& job, std::string_view output) {
  for (const auto& name : job.unsettled())
    spdlog::warn("--{} has no effect on {}; it was ignored", name, output);
}

}  // namespace frameout
