#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <fstream>
#include <sstream>

#include "aicl/logging.h"
#include "test_paths.h"

TEST(Logging, WritesTheRotatingFileAndExtraSinks) {
  const auto dir = aicl::test::scratchDir("logging");
  aicl::LoggingOptions options = aicl::defaultLoggingOptions();
  options.console = false;
  options.directory = dir;
  aicl::initLogging(options);

  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  aicl::addLogSink(sink);
  aicl::logger()->info("hello from the test {}", 42);
  aicl::logger()->flush();
  aicl::removeLogSink(sink);
  aicl::logger()->info("after removal");
  aicl::logger()->flush();

  EXPECT_NE(captured.str().find("hello from the test 42"), std::string::npos);
  EXPECT_EQ(captured.str().find("after removal"), std::string::npos);
  std::ifstream file(dir / "aicl.log");
  std::stringstream content;
  content << file.rdbuf();
  EXPECT_NE(content.str().find("hello from the test 42"), std::string::npos);
  EXPECT_NE(content.str().find("after removal"), std::string::npos);
}

TEST(Logging, AnUnwritableLogFolderIsNotFatal) {
  aicl::LoggingOptions options;
  options.console = false;
  options.directory = "/proc/definitely/not/writable";
  EXPECT_NO_THROW(aicl::initLogging(options));
  EXPECT_NO_THROW(aicl::logger()->info("still logging"));
}

TEST(Logging, AppDataDirFollowsTheEnvironment) {
  setenv("AICL_DATA_DIR", "/tmp/aicl-data-test", 1);
  EXPECT_EQ(aicl::appDataDir(), std::filesystem::path("/tmp/aicl-data-test"));
  unsetenv("AICL_DATA_DIR");
  setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(aicl::appDataDir(), std::filesystem::path("/tmp/xdg/aicl-studio"));
}
