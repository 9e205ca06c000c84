#pragma once
// Process-wide compute set-up: intra-op threads, and what the engine runs on (BLAS, allocator, devices).
#include <string>

namespace aicl {

struct RuntimeOptions {
  int threads = 0;  // intra-op threads; 0 = every core of the machine. AICL_THREADS in the environment overrides.
};
RuntimeOptions defaultRuntimeOptions();

struct RuntimeInfo {
  int threads = 0;
  std::string blas;        // the BLAS library LibTorch's libblas.so.3 resolves to, e.g. "OpenBLAS 0.3.21 ..."
  std::string allocator;   // "tcmalloc" or "system malloc"
  bool cuda_available = false;
  int cuda_devices = 0;
  bool cpu_bf16 = false;   // the CPU has native bf16 dot products (AVX-512 BF16 / AMX)
  std::string torch_version;
};

// Sets the thread count and logs what the engine runs with. Call once at start-up, before any torch work.
RuntimeInfo initRuntime(const RuntimeOptions& options = defaultRuntimeOptions());
// Changes the intra-op thread count (0: every core) for work started from the calling thread: OpenMP keeps
// the count per thread, so a worker thread calls this before its jobs.
void setComputeThreads(int threads);
// Lowers the calling thread's scheduling priority (Linux: nice + `increment`, at most 19) once per thread, so
// an interactive thread (the GUI's) wins the cores when both want them. A background worker calls it before its
// first job: the OpenMP threads it starts inherit the priority. AICL_WORKER_NICE in the environment overrides
// the increment (0: no change). No effect on other systems.
void lowerCurrentThreadPriority(int increment = 4);
// What the last initRuntime found (initialises with defaults if it has not run).
const RuntimeInfo& runtimeInfo();

}  // namespace aicl
