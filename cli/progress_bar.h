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
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - start_).count();
    // The rate counts from the first update, so a resumed run's earlier steps do not inflate it.
    if (first_done_ < 0) {
      first_done_ = done;
      first_time_ = now;
    }
    const double since_first = std::chrono::duration<double>(now - first_time_).count();
    const double rate = since_first > 0 ? (done - first_done_) / since_first : 0.0;
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
  std::chrono::steady_clock::time_point first_time_;
  long first_done_ = -1;
  bool tty_;
};

}  // namespace aicl::cli
