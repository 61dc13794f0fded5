#pragma once
// A run on an input that never ends (the test pattern, the tone) with no length set records until it is
// stopped; someone at a terminal is told so, so a seemingly hung command is not a surprise.

#include "job/job.hpp"

namespace frameout {

//! Says once, at info level and only when stderr is a terminal, that the job records until interrupted when
//! its input is endless (`endless_input`) and the job sets no length. Farm logs are not a terminal: no noise.
void note_endless_recording(const Job& job, bool endless_input);

}  // namespace frameout
