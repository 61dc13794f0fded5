#include "live_settings.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <span>

#include <fmt/format.h>

#include "params/registry.hpp"
#include "plan/image_plan.hpp"
#include "plan/movie_plan.hpp"
#include "system/error.hpp"

namespace frameout {

namespace {

// Reference-page parameters that describe the recording rather than one take's file. Takes after the first always
// take a unique name, so that no take replaces another: uniquesuff stays as well.
constexpr std::array<std::string_view, 8> kRecordingWide = {"type",      "record", "pause",        "addframe",
                                                            "audiochop", "fps",    "stallforopen", "uniquesuff"};
// frameout's own flags that describe the output; the others describe the input or the run.
constexpr std::array<std::string_view, 7> kOutputFlags = {"exr-compression",   "tiff-compression", "png-level",
                                                          "jpeg-chroma",       "mastering-display", "max-cll",
                                                          "max-fall"};

bool listed(std::span<const std::string_view> names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

bool changes_per_take(std::string_view name) {
  const params::ParamDef* def = params::find_param(name, params::Command::Movie);
  if (!def) return false;
  if (def->page == params::Page::Frameout) return listed(kOutputFlags, name);
  // An additional EXR input is opened once, with the main input.
  if (def->page == params::Page::Exr && name.ends_with("top")) return false;
  return !listed(kRecordingWide, name);
}

RecordControl::SettingCheck live_setting_check(const Job& job, const StreamInfo& video,
                                               const std::optional<AudioInfo>& audio) {
  // The control channel's thread checks against a copy of its own: the recording's job is read on the main thread.
  auto next = std::make_shared<Job>(job);
  next->set("uniquesuff", "on");
  return [next, video, audio](const std::string& name, const std::string& value) {
    if (!changes_per_take(name))
      throw Error(ExitCode::Usage, fmt::format("set {}: --{} cannot change while recording (it describes the "
                                               "recording, not one take's file); it stays as it was",
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
