#pragma once
// GroupNorm and LayerNorm with torch's parameter names (weight, bias). On the CPU without gradients GroupNorm
// runs a fused kernel (statistics in float, optional SiLU in the same pass; bfloat16 on AVX512-BF16 CPUs with
// bfloat16-accurate SiLU math), and LayerNorm of bfloat16 and float16 inputs a fused row kernel in float; with
// gradients half-precision LayerNorm is computed in float32: torch 1.13's half-precision CPU norms are several
// times slower than that.
#include <torch/torch.h>

namespace aicl::nn {

struct GroupNormImpl : torch::nn::Module {
  GroupNormImpl(int64_t groups, int64_t channels, double eps = 1e-5);
  torch::Tensor forward(const torch::Tensor& x);
  // silu(GroupNorm(x)) in one pass where the fused kernel applies (the ResnetBlock2D and temporal-conv pattern).
  torch::Tensor forwardSilu(const torch::Tensor& x);
  int64_t groups;
  double eps;
  torch::Tensor weight, bias;
};
TORCH_MODULE(GroupNorm);

struct LayerNormImpl : torch::nn::Module {
  LayerNormImpl(int64_t dim, double eps = 1e-5);
  torch::Tensor forward(const torch::Tensor& x);
  double eps;
  torch::Tensor weight, bias;
};
TORCH_MODULE(LayerNorm);

}  // namespace aicl::nn
