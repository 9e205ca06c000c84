// Per-step cost of the UNet3D on the CPU: one forward of batch 2 (classifier-free guidance), 16 frames, 32x32
// latents, 77 text tokens, for unet3d_tiny_a's config and a medium config. Prints the median time, the achieved
// GFLOP/s (FLOPs counted analytically from the architecture: 2 per multiply-add), that as a fraction of this
// machine's measured matmul peak in the run's type, and the peak resident memory. FLOPs from estimateUNet3DFlops.
//   bench_unet [--runs N] [--threads N] [--dtype f32|bf16] [--profile]
// --profile adds, per config, the operators that took the most time in one forward (LibTorch's profiler).
#include <torch/torch.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "aicl/runtime.h"
#include "bench_support.h"
#include "unet/unet3d.h"
#include "unet/unet3d_flops.h"

using aicl::bench::matmulPeakGflops;
using aicl::bench::median;
using aicl::bench::peakRssMb;
using aicl::bench::printProfile;
using aicl::bench::seconds;
using aicl::unet::UNet3DConfig;

int main(int argc, char** argv) {
  int runs = 5, threads = 0;
  bool profile = false;
  for (int i = 1; i < argc; ++i) profile = profile || !std::strcmp(argv[i], "--profile");
  torch::Dtype dtype = torch::kFloat32;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dtype") && !std::strcmp(argv[i + 1], "bf16")) dtype = torch::kBFloat16;
  }
  aicl::RuntimeOptions runtime;
  runtime.threads = threads;
  const auto info = aicl::initRuntime(runtime);
  const double f32_peak = matmulPeakGflops(torch::kFloat32), bf16_peak = matmulPeakGflops(torch::kBFloat16);
  const double peak = dtype == torch::kBFloat16 ? bf16_peak : f32_peak;  // "of peak": the run's own type
  std::printf("threads %d, BLAS %s, allocator %s\n", info.threads, info.blas.c_str(), info.allocator.c_str());
  std::printf("fp32 matmul peak (2048^2): %.1f GFLOP/s; bf16: %.1f GFLOP/s\n", f32_peak, bf16_peak);

  UNet3DConfig tiny;  // unet3d_tiny_a
  tiny.block_out_channels = {32, 64};
  tiny.down_block_types = {"CrossAttnDownBlock3D", "DownBlock3D"};
  tiny.up_block_types = {"UpBlock3D", "CrossAttnUpBlock3D"};
  tiny.layers_per_block = 1;
  tiny.attention_head_dim = 8;
  tiny.cross_attention_dim = 32;
  tiny.norm_num_groups = 8;
  UNet3DConfig medium;
  medium.block_out_channels = {64, 128, 256, 256};
  medium.layers_per_block = 2;
  medium.attention_head_dim = 32;
  medium.cross_attention_dim = 256;
  medium.norm_num_groups = 32;

  aicl::unet::UNet3DInputShape shape;
  shape.batch = 2;
  std::printf("%-8s %-5s %10s %10s %10s %8s %12s\n", "config", "dtype", "median s", "GFLOP", "GFLOP/s", "of peak",
              "peak RSS MB");
  for (const auto& [name, config] : {std::pair<const char*, UNet3DConfig>{"tiny_a", tiny}, {"medium", medium}}) {
    c10::InferenceMode guard;
    aicl::unet::UNet3DConditionModel model(config);
    model->to(dtype);
    model->eval();
    const auto sample = torch::randn({shape.batch, config.in_channels, shape.frames, shape.height, shape.width});
    const auto context = torch::randn({shape.batch, shape.text_tokens, config.cross_attention_dim});
    const auto timestep = torch::tensor({500, 500}, torch::kLong);
    model->forward(sample, timestep, context);  // warm-up
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) times.push_back(seconds([&] { model->forward(sample, timestep, context); }));
    const double t = median(times), gflop = aicl::unet::estimateUNet3DFlops(config, shape).total() / 1e9;
    std::printf("%-8s %-5s %10.3f %10.1f %10.1f %7.1f%% %12.0f\n", name, dtype == torch::kBFloat16 ? "bf16" : "f32", t,
                gflop, gflop / t, 100.0 * gflop / t / peak, peakRssMb());
    if (profile) printProfile([&] { model->forward(sample, timestep, context); });
  }
  std::printf("anchor (diffusers eager, torch 1.13, 2 threads, tcmalloc): tiny_a 1.50 s, medium 7.09 s per forward\n");
  return 0;
}
