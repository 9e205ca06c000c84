#include "aicl/runtime.h"

#include <dlfcn.h>
#include <link.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <torch/torch.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include "aicl/logging.h"

namespace aicl {
namespace {

// The resolved path of the loaded library whose file name contains `needle` (the BLAS behind libblas.so.3 is
// chosen by Debian's alternatives system, so only the loaded object tells which one runs).
std::string loadedLibraryPath(const std::string& needle) {
  struct Search {
    std::string needle;
    std::string found;
  } search{needle, {}};
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) {
        auto* s = static_cast<Search*>(data);
        const std::string name = info->dlpi_name ? info->dlpi_name : "";
        if (s->found.empty() && name.find(s->needle) != std::string::npos) {
          char* resolved = realpath(name.c_str(), nullptr);
          s->found = resolved ? resolved : name;
          std::free(resolved);
        }
        return 0;
      },
      &search);
  return search.found;
}

std::string describeBlas() {
  using ConfigFn = char* (*)();
  if (auto get_config = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
    using IntFn = int (*)();
    auto get_threads = reinterpret_cast<IntFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    std::string text = get_config();  // "OpenBLAS 0.3.21 ... Haswell MAX_THREADS=64"
    if (get_threads) text += " (" + std::to_string(get_threads()) + " threads)";
    return text;
  }
  const std::string path = loadedLibraryPath("libblas");
  if (path.empty()) return "none loaded";
  if (path.find("/blas/") != std::string::npos) return "reference BLAS (netlib, slow): " + path;
  return path;
}

bool cpuHasBf16() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("flags", 0) == 0)
      return line.find("avx512_bf16") != std::string::npos || line.find("amx_bf16") != std::string::npos;
  }
  return false;
}

int threadsFromEnvironment() {
  const char* value = std::getenv("AICL_THREADS");
  if (!value || !*value) return 0;
  char* end = nullptr;
  const long threads = std::strtol(value, &end, 10);
  if (*end != '\0' || threads < 1 || threads > 1024) {
    logger()->warn("ignoring AICL_THREADS='{}': expected a whole number from 1 to 1024", value);
    return 0;
  }
  return static_cast<int>(threads);
}

std::mutex g_runtime_mutex;
RuntimeInfo g_info;
bool g_initialised = false;

}  // namespace

RuntimeOptions defaultRuntimeOptions() { return RuntimeOptions{}; }

RuntimeInfo initRuntime(const RuntimeOptions& options) {
  std::lock_guard<std::mutex> lock(g_runtime_mutex);
  int threads = threadsFromEnvironment();
  if (threads == 0) threads = options.threads;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(threads);

  RuntimeInfo info;
  info.threads = torch::get_num_threads();
  info.blas = describeBlas();
  info.allocator = dlsym(RTLD_DEFAULT, "tc_malloc") ? "tcmalloc" : "system malloc";
  info.cuda_available = torch::cuda::is_available();
  info.cuda_devices = info.cuda_available ? static_cast<int>(torch::cuda::device_count()) : 0;
  info.cpu_bf16 = cpuHasBf16();
  info.torch_version = TORCH_VERSION;
  g_info = info;
  g_initialised = true;

  auto log = logger();
  log->info("LibTorch {}: {} intra-op threads, BLAS: {}, allocator: {}", info.torch_version, info.threads,
            info.blas, info.allocator);
  log->info("devices: CPU{}{}", info.cpu_bf16 ? " (bf16)" : "",
            info.cuda_available ? fmt::format(", CUDA x{}", info.cuda_devices) : std::string());
  if (info.allocator != "tcmalloc")
    log->warn("running without tcmalloc: large tensor allocations will be slow on this machine");
  return info;
}

void setComputeThreads(int threads) {
  if (threads <= 0) threads = threadsFromEnvironment();
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (threads == torch::get_num_threads()) return;
  torch::set_num_threads(threads);
  std::lock_guard<std::mutex> lock(g_runtime_mutex);
  g_info.threads = threads;
  logger()->info("compute threads: {}", threads);
}

void lowerCurrentThreadPriority(int increment) {
  thread_local bool lowered = false;
  if (const char* text = std::getenv("AICL_WORKER_NICE"); text && *text) increment = std::atoi(text);
  if (lowered || increment <= 0) return;
  lowered = true;
#ifdef SYS_gettid
  const auto thread_id = static_cast<id_t>(::syscall(SYS_gettid));
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, thread_id);
  if (errno == 0 && ::setpriority(PRIO_PROCESS, thread_id, std::min(current + increment, 19)) == 0)
    logger()->debug("worker thread {}: nice {}", thread_id, std::min(current + increment, 19));
#endif
}

const RuntimeInfo& runtimeInfo() {
  {
    std::lock_guard<std::mutex> lock(g_runtime_mutex);
    if (g_initialised) return g_info;
  }
  initRuntime(defaultRuntimeOptions());
  return g_info;
}

}  // namespace aicl
