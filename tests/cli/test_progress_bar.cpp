// The command line's progress bar on a pipe: at most a line every few seconds or percent, and always the last.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "progress_bar.h"

namespace {

using aicl::cli::ProgressBar;

std::string contents(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  for (int c; (c = std::fgetc(file)) != EOF;) text += static_cast<char>(c);
  return text;
}

int lines(const std::string& text) {
  int count = 0;
  for (char c : text) count += c == '\n';
  return count;
}

}  // namespace

TEST(ProgressBar, APipeGetsALineEveryFewPercentOrSeconds) {
  std::FILE* pipe = std::tmpfile();  // not a terminal
  ASSERT_NE(pipe, nullptr);
  ProgressBar bar("actionworld", pipe);
  const auto start = ProgressBar::Clock::now();
  // 2,600 clips at 20 per second, as make-dataset renders them: one line each would be 2,600 lines.
  for (long done = 1; done <= 2600; ++done) bar.update(done, 2600, start + std::chrono::milliseconds(50 * done));
  const std::string text = contents(pipe);
  // 130 s: a line every 3 s (5% = 6.5 s here), the first and the last.
  EXPECT_GE(lines(text), 40);
  EXPECT_LE(lines(text), 46);
  EXPECT_NE(text.find("actionworld [#"), std::string::npos);
  EXPECT_NE(text.find("2600/2600"), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  std::fclose(pipe);
}

TEST(ProgressBar, FastWorkIsThrottledByItsFraction) {
  std::FILE* pipe = std::tmpfile();
  ASSERT_NE(pipe, nullptr);
  ProgressBar bar("train", pipe);
  const auto start = ProgressBar::Clock::now();
  // 1,000 steps in one second: a line per 5% (50 steps) plus the first.
  for (long done = 1; done <= 1000; ++done) bar.update(done, 1000, start + std::chrono::milliseconds(done));
  EXPECT_EQ(lines(contents(pipe)), 21);
  std::fclose(pipe);
}

TEST(ProgressBar, SlowStepsEachGetALine) {
  std::FILE* pipe = std::tmpfile();
  ASSERT_NE(pipe, nullptr);
  ProgressBar bar("train", pipe);
  const auto start = ProgressBar::Clock::now();
  // Training at 4 s a step: every update is news.
  for (long done = 1; done <= 10; ++done) bar.update(done, 1000, start + std::chrono::seconds(4 * done));
  EXPECT_EQ(lines(contents(pipe)), 10);
  std::fclose(pipe);
}
