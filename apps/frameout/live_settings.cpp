#include "live_settings.hpp"

#include <memory>

#include <fmt/format.h>

#include "plan/image_plan.hpp"
#include "plan/movie_plan.hpp"
#include "system/error.hpp"

namespace frameout {

RecordControl::SettingCheck live_setting_check(const Job& job, const StreamInfo& video,
                                               const std::optional<AudioInfo>& audio) {
  // The control channel's thread checks against a copy of its own: the recording's job is read on the main thread.
  auto next = std::make_shared<Job>(job);
  next->set("uniquesuff", "on");
  return [next, video, audio](const std::string& name, const std::string& value) {
    if (name != "file" && name != "n")
      throw Error(ExitCode::Usage, fmt::format("set {}: --{} cannot change while recording (file and n can, for the "
                                               "next take); it stays as it was",
                                               name, name));
    Job probe = *next;
    try {
      probe.set(name, value);
      if (probe.text("type") == "imagesequence") plan_images(probe, video);
      else plan_movie(probe, video, audio);
    } catch (const Error& e) {
      throw Error(e.code(),
                  fmt::format("set {} {}: {}; the next take keeps the settings it had", name, value, e.what()));
    }
    *next = std::move(probe);
  };
}

bool apply_live_settings(Job& take_job, RecordControl& control) {
  const auto settings = control.take_settings();
  for (const auto& [name, value] : settings) take_job.set(name, value);
  return !settings.empty();
}

}  // namespace frameout
