#include "report/logging.hpp"

#include <cstdarg>
#include <string>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

extern "C" {
#include <libavutil/log.h>
}

#include "report/log_escape.hpp"

namespace frameout {

namespace {

// The message with its control characters escaped: every line on stderr is one log line, whatever file
// names or library text it quotes (farm managers parse stderr, so nothing may forge a "Progress:" line).
class EscapedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string text = escape_for_log(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<EscapedMessage>(); }
};

extern "C" void forward_libav_log(void* object, int level, const char* format, va_list args) {
  if (level > av_log_get_level()) return;
  char line[1024];
  int print_prefix = 1;
  av_log_format_line2(object, level, format, args, line, sizeof line, &print_prefix);
  std::string text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (!text.empty()) spdlog::debug("libav: {}", text);
}

}  // namespace

void setup_logging(int verbosity) {
  auto logger = spdlog::stderr_color_mt("frameout");
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<EscapedMessage>('*').set_pattern("frameout: %^%l%$: %*");
  logger->set_formatter(std::move(formatter));
  spdlog::set_default_logger(logger);
  spdlog::level::level_enum level = spdlog::level::info;
  if (verbosity <= -2) level = spdlog::level::err;
  else if (verbosity == -1) level = spdlog::level::warn;
  else if (verbosity == 1) level = spdlog::level::debug;
  else if (verbosity >= 2) level = spdlog::level::trace;
  spdlog::set_level(level);
  av_log_set_level(verbosity >= 1 ? AV_LOG_VERBOSE : AV_LOG_ERROR);
  av_log_set_callback(forward_libav_log);
}

}  // namespace frameout
