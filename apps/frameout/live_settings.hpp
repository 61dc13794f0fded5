#pragma once
// Parameters changed while a movie or sequence records (`set NAME VALUE` on the --control channel). Each take
// opens a file of its own and is planned afresh, so a `set` of a parameter that describes the output (name,
// codec, container, quality, the settings page, colour space, image options, length …) applies from the next take
// on. What describes the recording itself stays as it started: the type, the input and its rate, the movie's
// rate, the sound track, the take controls and run-wide flags. Those, and values the next take could not be
// written with, are refused with a warning and recording goes on.

#include <optional>
#include <string_view>

#include "job/job.hpp"
#include "media/audio_block.hpp"
#include "media/stream_info.hpp"
#include "pipeline/record_control.hpp"

namespace frameout {

//! Whether `set NAME` may change the parameter for the next take (see above).
bool changes_per_take(std::string_view name);

//! The check for RecordControl::accept_settings: a setting is accepted when it can change and the next take, planned
//! with it and the settings accepted before, is valid; otherwise Error(Usage) names the parameter.
RecordControl::SettingCheck live_setting_check(const Job& job, const StreamInfo& video,
                                               const std::optional<AudioInfo>& audio);

//! Applies the settings sent since the last take to `take_job`; whether there were any.
bool apply_live_settings(Job& take_job, RecordControl& control);

}  // namespace frameout
