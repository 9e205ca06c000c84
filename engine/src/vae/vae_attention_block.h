#pragma once
// The VAE mid-block self-attention (diffusers Attention built from a deprecated attention block): GroupNorm over
// the feature map, one head as wide as the channels, biased projections, residual connection.
// Keys: group_norm, to_q, to_k, to_v, to_out.0.
#include <torch/torch.h>

#include "nn/norm.h"

namespace aicl::vae {

struct VaeAttentionBlockImpl : torch::nn::Module {
  VaeAttentionBlockImpl(int64_t channels, int64_t norm_groups, double eps);
  // x [N, C, H, W] -> [N, C, H, W]
  torch::Tensor forward(const torch::Tensor& x);

  int64_t channels;
  nn::GroupNorm group_norm{nullptr};
  torch::nn::Linear to_q{nullptr};
  torch::nn::Linear to_k{nullptr};
  torch::nn::Linear to_v{nullptr};
  torch::nn::ModuleList to_out{nullptr};
  torch::nn::Linear out_projection{nullptr};  // to_out.0, kept typed for the forward pass
};
TORCH_MODULE(VaeAttentionBlock);

}  // namespace aicl::vae
