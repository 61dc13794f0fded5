#pragma once
// Parameters changed while a movie or sequence records (`set NAME VALUE` on the --control channel). Each take opens
// a file of its own, so what names it can change for the next take: `file` (the name) and `n` (the first unique
// suffix tried; takes after the first always take a unique name). Everything else (codec, size, rate, sound …)
// stays as the recording started: the input keeps delivering the same stream, and a take's settings are fixed
// once its file is open. Those are refused with a warning and recording goes on.

#include <optional>

#include "job/job.hpp"
#include "media/audio_block.hpp"
#include "media/stream_info.hpp"
#include "pipeline/record_control.hpp"

namespace frameout {

//! The check for RecordControl::accept_settings: a setting is accepted when it can change and the next take, planned
//! with it and the settings accepted before, is valid; otherwise Error(Usage) names the parameter.
RecordControl::SettingCheck live_setting_check(const Job& job, const StreamInfo& video,
                                               const std::optional<AudioInfo>& audio);

//! Applies the settings sent since the last take to `take_job`; whether there were any.
bool apply_live_settings(Job& take_job, RecordControl& control);

}  // namespace frameout
