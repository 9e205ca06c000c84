#pragma once
// diffusers ResnetBlock2D ("default" time embedding norm): GroupNorm -> SiLU -> conv, optional timestep
// embedding added per channel, GroupNorm -> SiLU -> conv, plus a (1x1-projected when channels change) skip.
// Submodules carry the diffusers key names: norm1, conv1, time_emb_proj, norm2, conv2, conv_shortcut.
#include <torch/torch.h>

#include "nn/norm.h"

namespace aicl::nn {

struct ResnetBlock2DOptions {
  int64_t in_channels = 0;
  int64_t out_channels = 0;     // 0 = in_channels
  int64_t temb_channels = 512;  // 0 = no time embedding (VAE); no time_emb_proj is registered then
  int64_t groups = 32;
  int64_t groups_out = 0;  // 0 = groups
  double eps = 1e-6;
  double output_scale_factor = 1.0;
};

struct ResnetBlock2DImpl : torch::nn::Module {
  explicit ResnetBlock2DImpl(const ResnetBlock2DOptions& options);
  // x [N, C_in, H, W], temb [N, temb_channels] (undefined when the block has none) -> [N, C_out, H, W].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb = {});

  ResnetBlock2DOptions options;
  GroupNorm norm1{nullptr};
  torch::nn::Conv2d conv1{nullptr};
  torch::nn::Linear time_emb_proj{nullptr};
  GroupNorm norm2{nullptr};
  torch::nn::Conv2d conv2{nullptr};
  torch::nn::Conv2d conv_shortcut{nullptr};
};
TORCH_MODULE(ResnetBlock2D);

}  // namespace aicl::nn
