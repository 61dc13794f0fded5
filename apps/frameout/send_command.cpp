#include "send_command.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "job/cli_args.hpp"
#include "plan/output_timing.hpp"
#include "plan/source_plan.hpp"
#include "report/logging.hpp"
#include "sinks/shm/shm_publisher.hpp"
#include "sources/open_source.hpp"
#include "system/error.hpp"
#include "system/huge_pages.hpp"
#include "system/interrupt.hpp"

namespace frameout {

namespace {

// The movie parameters that describe an input or how much of it to send; anything else has no meaning here.
constexpr std::array<std::string_view, 12> kSendParams = {
    "input", "input-format", "input-size", "input-rate", "frames", "missing-frames",
    "exr-layer", "max-input-pixels", "limitlength", "length", "lengthunit", "realtime"};

struct SendArgs {
  std::string ring;                     // the NAME of --to shm:NAME
  int slots = 4;                        // --slots
  std::vector<std::string> input_args;  // everything else, parsed as movie parameters
};

SendArgs split_args(const std::vector<std::string>& args) {
  SendArgs send;
  std::optional<std::string> to;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string_view flag) -> std::optional<std::string> {
      if (arg.starts_with(std::string(flag) + "=")) return arg.substr(flag.size() + 1);
      if (arg != flag) return std::nullopt;
      if (i + 1 >= args.size()) throw Error(ExitCode::Usage, fmt::format("{} needs a value", flag));
      return args[++i];
    };
    if (auto v = value("--to")) {
      to = *v;
    } else if (auto s = value("--slots")) {
      try {
        send.slots = std::stoi(*s);
      } catch (const std::exception&) {
        send.slots = 0;
      }
      if (send.slots < 3 || send.slots > 1000)
        throw Error(ExitCode::Usage, fmt::format("--slots {}: a ring has 3 to 1000 slots", *s));
    } else {
      send.input_args.push_back(arg);
    }
  }
  if (!to || !to->starts_with("shm:") || to->size() == 4)
    throw Error(ExitCode::Usage, "frameout send needs --to shm:NAME, the ring to publish into");
  send.ring = to->substr(4);
  return send;
}

}  // namespace

int run_send_command(const std::vector<std::string>& args, int verbosity) {
  const SendArgs send = split_args(args);
  CliJob cli = parse_job_args(params::Command::Movie, send.input_args);
  setup_logging(verbosity + cli.verbosity);
  const Job& job = cli.job;
  for (const auto& [name, value] : job.values())
    if (std::find(kSendParams.begin(), kSendParams.end(), name) == kSendParams.end())
      throw Error(ExitCode::Usage, fmt::format("--{} has no meaning for frameout send, which takes input and length "
                                               "flags only",
                                               name));
  VideoSourceSpec spec = plan_video_source(job);
  if (spec.kind == VideoSourceSpec::Kind::Shm)
    throw Error(ExitCode::Usage, "frameout send publishes a file, a pipe or the test pattern, not another ring");
  spec.realtime = job.text("realtime") != "off";  // a producer is live unless told otherwise
  if (spec.realtime) keep_to_small_pages();
  auto source = open_video_source(spec);
  const StreamInfo info = source->info();
  const std::optional<int64_t> limit = resolve_frame_limit(job, info.rate, info.rate);

  ShmPublisher ring(send.ring, "--to", info, send.slots);
  spdlog::info("sending {} ({}x{} {} at {} fps) to shm:{}", info.name, info.width, info.height, info.format.token,
               info.rate.value(), send.ring);
  // Without realtime nothing may be lost: the first frame waits for the reader, as every later one waits for room.
  if (!spec.realtime) {
    spdlog::info("shm:{}: waiting for a reader (--realtime off)", send.ring);
    if (!ring.wait_for_reader()) return static_cast<int>(interrupt_signal() == SIGTERM ? ExitCode::Terminated
                                                                                        : ExitCode::Interrupted);
  }
  VideoFrame frame;
  int64_t sent = 0;
  while ((!limit || sent < *limit) && source->read(frame) == ReadResult::Frame) {
    if (!ring.publish(frame)) break;
    ++sent;
  }
  spdlog::info("sent {} frames to shm:{}; waited {:.2f} s for the reader", sent, send.ring, ring.blocked_seconds());
  switch (interrupt_signal()) {
    case 0: return 0;
    case SIGTERM: return static_cast<int>(ExitCode::Terminated);
    default: return static_cast<int>(ExitCode::Interrupted);
  }
}

}  // namespace frameout
