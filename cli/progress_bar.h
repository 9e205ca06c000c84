#pragma once
// A one-line progress bar with rate and ETA on stderr (redrawn in place on a terminal, one line per update
// otherwise).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace aicl::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label)
      : label_(std::move(label)), start_(std::chrono::steady_clock::now()), tty_(isatty(2)) {}

  void update(long done, long total) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = seconds > 0 ? done / seconds : 0.0;
    const double eta = rate > 0 ? (total - done) / rate : 0.0;
    constexpr int kWidth = 30;
    const int filled = total > 0 ? static_cast<int>(kWidth * done / total) : 0;
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "%s%s [%s] %ld/%ld  %.1f s  %.2f/s  ETA %.1f s%s", tty_ ? "\r" : "", label_.c_str(),
                 bar.c_str(), done, total, seconds, rate, eta, tty_ ? "" : "\n");
    std::fflush(stderr);
  }
  void finish() {
    if (tty_) std::fprintf(stderr, "\n");
  }

 private:
  std::string label_;
  std::chrono::steady_clock::time_point start_;
  bool tty_;
};

}  // namespace aicl::cli
