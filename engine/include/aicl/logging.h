#pragma once
// The engine's logger: console plus a rotating file under the platform's application-data folder. Front ends
// (the GUI's log panel) add their own sinks.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>
#include <string>

namespace aicl {

struct LoggingOptions {
  bool console = true;
  bool file = true;
  std::filesystem::path directory;  // empty: appDataDir() / "logs"
  spdlog::level::level_enum level = spdlog::level::info;
  size_t max_file_bytes = 5 * 1024 * 1024;
  size_t max_files = 3;
};
LoggingOptions defaultLoggingOptions();

// Per-user application data: $XDG_DATA_HOME/aicl-studio (~/.local/share/aicl-studio), %APPDATA%\AICL Studio on
// Windows, ~/Library/Application Support/AICL Studio on macOS. AICL_DATA_DIR overrides.
std::filesystem::path appDataDir();

// Sets up the "aicl" logger; safe to call more than once (the last call wins). A log file that cannot be
// opened is reported on the console and skipped, never fatal.
void initLogging(const LoggingOptions& options);
// The "aicl" logger (a console-only one until initLogging has run).
std::shared_ptr<spdlog::logger> logger();
// Adds a sink (e.g. the GUI's log panel) to the engine logger.
void addLogSink(spdlog::sink_ptr sink);
void removeLogSink(const spdlog::sink_ptr& sink);

}  // namespace aicl
