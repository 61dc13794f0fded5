#include "report/logging.hpp"

#include <cstdarg>
#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

extern "C" {
#include <libavutil/log.h>
}

namespace frameout {

namespace {

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
  logger->set_pattern("frameout: %^%l%$: %v");
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
