#pragma once
// diffusers Encoder of AutoencoderKL: image [N, in, H, W] -> moments before quant_conv [N, 2 * latent, h, w].
// Keys: conv_in, down_blocks.N, mid_block, conv_norm_out, conv_out.
#include <torch/torch.h>

#include <vector>

#include "vae/autoencoder_kl_config.h"
#include "vae/vae_blocks.h"

namespace aicl::vae {

struct VaeEncoderImpl : torch::nn::Module {
  explicit VaeEncoderImpl(const AutoencoderKLConfig& config);
  torch::Tensor forward(const torch::Tensor& image);

  torch::nn::Conv2d conv_in{nullptr};
  torch::nn::ModuleList down_blocks{nullptr};
  std::vector<DownEncoderBlock2D> down_block_list;
  VaeMidBlock2D mid_block{nullptr};
  nn::GroupNorm conv_norm_out{nullptr};
  torch::nn::Conv2d conv_out{nullptr};
};
TORCH_MODULE(VaeEncoder);

}  // namespace aicl::vae
