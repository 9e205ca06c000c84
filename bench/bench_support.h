#pragma once
// What the benchmarks share: wall-clock timing, the median, this machine's matmul peak, peak memory and a
// profile of the operators that took the most time.
#include <dlfcn.h>
#include <sys/resource.h>
#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace aicl::bench {

inline double seconds(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// GFLOP/s of a 2048^3 matmul in `dtype` (median of 5): the figure every speed is read against.
inline double matmulPeakGflops(torch::Dtype dtype) {
  auto a = torch::randn({2048, 2048}).to(dtype), b = torch::randn({2048, 2048}).to(dtype);
  torch::matmul(a, b);
  std::vector<double> times;
  for (int i = 0; i < 5; ++i) times.push_back(seconds([&] { torch::matmul(a, b); }));
  return 2.0 * 2048 * 2048 * 2048 / median(times) / 1e9;
}

// The process's peak resident memory since it started (or since resetPeakRss).
inline double peakRssMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}
// Starts a new peak (Linux: writing 5 to clear_refs resets VmHWM), so each case reports its own; tcmalloc first
// returns the pages it keeps cached, which would otherwise count as the next case's.
inline void resetPeakRss() {
  using ReleaseFn = void (*)();
  if (auto release = reinterpret_cast<ReleaseFn>(dlsym(RTLD_DEFAULT, "MallocExtension_ReleaseFreeMemory"))) release();
  std::ofstream("/proc/self/clear_refs") << "5";
}

// Runs `work` under LibTorch's profiler and prints the operators with the largest self time (their own time, less
// the operators they called), so nested calls are not counted twice.
inline void printProfile(const std::function<void()>& work, size_t top = 15) {
  std::stringstream trace;
  {
    torch::autograd::profiler::RecordProfile profile(trace);
    work();
  }
  struct Event {
    double start, end;
    std::string name;
  };
  std::map<int64_t, std::vector<Event>> by_thread;
  for (const auto& event : nlohmann::json::parse(trace.str())) {
    if (!event.contains("dur") || !event.contains("ts")) continue;
    const double start = event["ts"].get<double>();
    const int64_t thread = event.contains("tid") && event["tid"].is_number() ? event["tid"].get<int64_t>() : 0;
    by_thread[thread].push_back({start, start + event["dur"].get<double>(), event["name"].get<std::string>()});
  }
  std::map<std::string, std::pair<double, int>> totals;  // self microseconds, calls
  for (auto& [thread, events] : by_thread) {
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return a.start != b.start ? a.start < b.start : a.end > b.end;
    });
    std::vector<const Event*> open;  // the enclosing events of the current one
    for (const auto& event : events) {
      while (!open.empty() && open.back()->end <= event.start) open.pop_back();
      auto& [self, count] = totals[event.name];
      self += event.end - event.start;
      ++count;
      if (!open.empty()) totals[open.back()->name].first -= event.end - event.start;
      open.push_back(&event);
    }
  }
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& [name, total] : totals) ranked.emplace_back(total.first, name + " x" + std::to_string(total.second));
  std::sort(ranked.rbegin(), ranked.rend());
  for (size_t i = 0; i < std::min(top, ranked.size()); ++i)
    std::printf("    %8.1f ms  %s\n", ranked[i].first / 1000.0, ranked[i].second.c_str());
}

}  // namespace aicl::bench
