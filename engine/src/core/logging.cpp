#include "aicl/logging.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>

namespace aicl {
namespace {

constexpr const char* kLoggerName = "aicl";
constexpr const char* kPattern = "[%Y-%m-%d %H:%M:%S.%e] [%^%l%$] %v";
std::mutex g_logger_mutex;

std::shared_ptr<spdlog::logger> makeConsoleLogger() {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto log = std::make_shared<spdlog::logger>(kLoggerName, sink);
  log->set_pattern("[%H:%M:%S.%e] [%^%l%$] %v");
  return log;
}

std::shared_ptr<spdlog::logger>& loggerSlot() {
  static std::shared_ptr<spdlog::logger> instance = makeConsoleLogger();
  return instance;
}

}  // namespace

LoggingOptions defaultLoggingOptions() { return LoggingOptions{}; }

std::filesystem::path appDataDir() {
  if (const char* dir = std::getenv("AICL_DATA_DIR"); dir && *dir) return dir;
#if defined(_WIN32)
  if (const char* appdata = std::getenv("APPDATA"); appdata && *appdata)
    return std::filesystem::path(appdata) / "AICL Studio";
#elif defined(__APPLE__)
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / "Library" / "Application Support" / "AICL Studio";
#else
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "aicl-studio";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local" / "share" / "aicl-studio";
#endif
  return std::filesystem::temp_directory_path() / "aicl-studio";
}

void initLogging(const LoggingOptions& options) {
  std::vector<spdlog::sink_ptr> sinks;
  if (options.console) sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  std::string file_error;
  if (options.file) {
    const auto dir = options.directory.empty() ? appDataDir() / "logs" : options.directory;
    try {
      std::filesystem::create_directories(dir);
      sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
          (dir / "aicl.log").string(), options.max_file_bytes, options.max_files));
    } catch (const std::exception& e) {
      file_error = e.what();
    }
  }
  auto log = std::make_shared<spdlog::logger>(kLoggerName, sinks.begin(), sinks.end());
  log->set_pattern(kPattern);
  log->set_level(options.level);
  log->flush_on(spdlog::level::warn);
  {
    std::lock_guard<std::mutex> lock(g_logger_mutex);
    loggerSlot() = log;
  }
  if (!file_error.empty()) log->warn("log file disabled: {}", file_error);
}

std::shared_ptr<spdlog::logger> logger() {
  std::lock_guard<std::mutex> lock(g_logger_mutex);
  return loggerSlot();
}

namespace {
// spdlog's sink list is not synchronised with logging calls: swap in a new logger instead of mutating one.
void replaceSinks(std::vector<spdlog::sink_ptr> sinks) {
  auto current = logger();
  auto next = std::make_shared<spdlog::logger>(kLoggerName, sinks.begin(), sinks.end());
  next->set_level(current->level());
  next->flush_on(spdlog::level::warn);
  next->set_pattern(kPattern);
  std::lock_guard<std::mutex> lock(g_logger_mutex);
  loggerSlot() = next;
}
}  // namespace

void addLogSink(spdlog::sink_ptr sink) {
  auto sinks = logger()->sinks();
  sinks.push_back(std::move(sink));
  replaceSinks(std::move(sinks));
}

void removeLogSink(const spdlog::sink_ptr& sink) {
  auto sinks = logger()->sinks();
  sinks.erase(std::remove(sinks.begin(), sinks.end(), sink), sinks.end());
  replaceSinks(std::move(sinks));
}

}  // namespace aicl
