#pragma once
// A one-line progress bar with rate and ETA on stderr: redrawn in place on a terminal; elsewhere (a log file,
// CI, the Training panel's pipe) one line at most every few seconds or percent, plus the last one.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace aicl::cli {

class ProgressBar {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr double kLineSeconds = 3.0;   // pipes: a line at most this often...
  static constexpr double kLineFraction = 0.05;  // ... unless this much more of the work is done

  explicit ProgressBar(std::string label, std::FILE* out = stderr)
      : label_(std::move(label)), out_(out), start_(Clock::now()), tty_(isatty(fileno(out))) {}

  void update(long done, long total, Clock::time_point now = Clock::now()) {
    const double seconds = std::chrono::duration<double>(now - start_).count();
    // The rate counts from the first update, so a resumed run's earlier steps do not inflate it.
    if (first_done_ < 0) {
      first_done_ = done;
      first_time_ = now;
    }
    if (!tty_ && !lineDue(done, total, now)) return;
    last_line_done_ = done;
    last_line_time_ = now;
    const double since_first = std::chrono::duration<double>(now - first_time_).count();
    const double rate = since_first > 0 ? (done - first_done_) / since_first : 0.0;
    const double eta = rate > 0 ? (total - done) / rate : 0.0;
    constexpr int kWidth = 30;
    const int filled = total > 0 ? static_cast<int>(kWidth * done / total) : 0;
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(out_, "%s%s [%s] %ld/%ld  %.1f s  %.2f/s  ETA %.1f s%s", tty_ ? "\r" : "", label_.c_str(),
                 bar.c_str(), done, total, seconds, rate, eta, tty_ ? "" : "\n");
    std::fflush(out_);
  }
  void finish() {
    if (tty_) std::fprintf(out_, "\n");
  }

 private:
  bool lineDue(long done, long total, Clock::time_point now) const {
    if (last_line_done_ < 0 || done >= total) return true;
    if (std::chrono::duration<double>(now - last_line_time_).count() >= kLineSeconds) return true;
    return total > 0 && double(done - last_line_done_) >= kLineFraction * double(total);
  }

  std::string label_;
  std::FILE* out_;
  Clock::time_point start_;
  Clock::time_point first_time_;
  Clock::time_point last_line_time_;
  long first_done_ = -1;
  long last_line_done_ = -1;
  bool tty_;
};

}  // namespace aicl::cli
