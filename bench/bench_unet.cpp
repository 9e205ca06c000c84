// Per-step cost of the UNet3D on the CPU: one forward of batch 2 (classifier-free guidance), 16 frames, 32x32
// latents, 77 text tokens, for unet3d_tiny_a's config and a medium config. Prints the median time, the achieved
// GFLOP/s (FLOPs counted analytically from the architecture: 2 per multiply-add), that as a fraction of this
// machine's measured fp32 matmul peak, and the peak resident memory.
//   bench_unet [--runs N] [--threads N] [--dtype f32|bf16]
#include <sys/resource.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "aicl/runtime.h"
#include "unet/unet3d.h"

namespace {

using aicl::unet::UNet3DConfig;

struct Shape {
  int64_t batch = 2, frames = 16, height = 32, width = 32, tokens = 77;
};

// Analytic forward FLOPs, following the module structure of unet3d.cpp.
double unetFlops(const UNet3DConfig& c, const Shape& s) {
  const double images = static_cast<double>(s.batch * s.frames);
  auto conv = [&](double cin, double cout, double k, double h, double w) { return 2 * images * cin * cout * k * h * w; };
  auto resnet = [&](double cin, double cout, double h, double w) {
    return conv(cin, cout, 9, h, w) + conv(cout, cout, 9, h, w) + (cin != cout ? conv(cin, cout, 1, h, w) : 0);
  };
  auto temporal_conv = [&](double ch, double h, double w) { return 4 * 2 * images * h * w * ch * ch * 3; };
  auto block = [&](double tokens, double dim, double seq, double ctx_len, double ctx_dim) {
    const double self = 4 * 2 * tokens * dim * dim + 2 * 2 * tokens * seq * dim;
    const double cross = ctx_len > 0 ? 2 * 2 * tokens * dim * dim + 2 * 2 * (tokens / seq) * ctx_len * ctx_dim * dim +
                                           2 * 2 * tokens * ctx_len * dim
                                     : self;
    return self + cross + 2 * tokens * dim * 8 * dim + 2 * tokens * 4 * dim * dim;
  };
  auto spatial = [&](double ch, double h, double w) {
    const double tokens = images * h * w;
    return 2 * 2 * tokens * ch * ch + block(tokens, ch, h * w, static_cast<double>(s.tokens), static_cast<double>(c.cross_attention_dim));
  };
  auto temporal = [&](double ch, double inner, double h, double w) {
    const double tokens = images * h * w;
    return 2 * 2 * tokens * ch * inner + block(tokens, inner, static_cast<double>(s.frames), 0, 0);
  };
  const auto& ch = c.block_out_channels;
  const size_t n = ch.size();
  double h = static_cast<double>(s.height), w = static_cast<double>(s.width);
  double flops = conv(static_cast<double>(c.in_channels), static_cast<double>(ch[0]), 9, h, w) +
                 temporal(static_cast<double>(ch[0]), 8.0 * static_cast<double>(c.attention_head_dim), h, w);
  std::vector<double> skips{static_cast<double>(ch[0])};
  double prev = static_cast<double>(ch[0]);
  for (size_t i = 0; i < n; ++i) {
    const double out = static_cast<double>(ch[i]);
    for (int64_t l = 0; l < c.layers_per_block; ++l) {
      flops += resnet(l == 0 ? prev : out, out, h, w) + temporal_conv(out, h, w);
      if (c.down_block_types[i] == "CrossAttnDownBlock3D") flops += spatial(out, h, w) + temporal(out, out, h, w);
      skips.push_back(out);
    }
    prev = out;
    if (i + 1 < n) {
      h /= 2, w /= 2;
      flops += conv(out, out, 9, h, w);
      skips.push_back(out);
    }
  }
  const double mid = static_cast<double>(ch.back());
  flops += 2 * (resnet(mid, mid, h, w) + temporal_conv(mid, h, w)) + spatial(mid, h, w) + temporal(mid, mid, h, w);
  prev = mid;
  for (size_t i = 0; i < n; ++i) {
    const double out = static_cast<double>(ch[n - 1 - i]);
    for (int64_t l = 0; l <= c.layers_per_block; ++l) {
      const double skip = skips.back();
      skips.pop_back();
      flops += resnet(prev + skip, out, h, w) + temporal_conv(out, h, w);
      if (c.up_block_types[i] == "CrossAttnUpBlock3D") flops += spatial(out, h, w) + temporal(out, out, h, w);
      prev = out;
    }
    if (i + 1 < n) {
      h *= 2, w *= 2;
      flops += conv(out, out, 9, h, w);
    }
  }
  return flops + conv(static_cast<double>(ch[0]), static_cast<double>(c.out_channels), 9, h, w);
}

double seconds(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double matmulPeakGflops(torch::Dtype dtype) {
  auto a = torch::randn({2048, 2048}).to(dtype), b = torch::randn({2048, 2048}).to(dtype);
  torch::matmul(a, b);
  std::vector<double> times;
  for (int i = 0; i < 5; ++i) times.push_back(seconds([&] { torch::matmul(a, b); }));
  return 2.0 * 2048 * 2048 * 2048 / median(times) / 1e9;
}

double peakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 5, threads = 0;
  torch::Dtype dtype = torch::kFloat32;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dtype") && !std::strcmp(argv[i + 1], "bf16")) dtype = torch::kBFloat16;
  }
  aicl::RuntimeOptions runtime;
  runtime.threads = threads;
  const auto info = aicl::initRuntime(runtime);
  const double peak = matmulPeakGflops(torch::kFloat32);
  std::printf("threads %d, BLAS %s, allocator %s\n", info.threads, info.blas.c_str(), info.allocator.c_str());
  std::printf("fp32 matmul peak (2048^2): %.1f GFLOP/s; bf16: %.1f GFLOP/s\n", peak, matmulPeakGflops(torch::kBFloat16));

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

  const Shape shape;
  std::printf("%-8s %-5s %10s %10s %10s %8s %12s\n", "config", "dtype", "median s", "GFLOP", "GFLOP/s", "of peak",
              "peak RSS MB");
  for (const auto& [name, config] : {std::pair<const char*, UNet3DConfig>{"tiny_a", tiny}, {"medium", medium}}) {
    c10::InferenceMode guard;
    aicl::unet::UNet3DConditionModel model(config);
    model->to(dtype);
    model->eval();
    const auto sample = torch::randn({shape.batch, config.in_channels, shape.frames, shape.height, shape.width});
    const auto context = torch::randn({shape.batch, shape.tokens, config.cross_attention_dim});
    const auto timestep = torch::tensor({500, 500}, torch::kLong);
    model->forward(sample, timestep, context);  // warm-up
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) times.push_back(seconds([&] { model->forward(sample, timestep, context); }));
    const double t = median(times), gflop = unetFlops(config, shape) / 1e9;
    std::printf("%-8s %-5s %10.3f %10.1f %10.1f %7.1f%% %12.0f\n", name, dtype == torch::kBFloat16 ? "bf16" : "f32", t,
                gflop, gflop / t, 100.0 * gflop / t / peak, peakRssMb());
  }
  std::printf("anchor (diffusers eager, torch 1.13, 2 threads, tcmalloc): tiny_a 1.50 s, medium 7.09 s per forward\n");
  return 0;
}
