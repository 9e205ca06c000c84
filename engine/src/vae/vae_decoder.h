#pragma once
// diffusers Decoder of AutoencoderKL: latent after post_quant_conv [N, latent, h, w] -> image [N, out, H, W].
// Keys: conv_in, mid_block, up_blocks.N, conv_norm_out, conv_out.
#include <torch/torch.h>

#include <vector>

#include "vae/autoencoder_kl_config.h"
#include "vae/vae_blocks.h"

namespace aicl::vae {

struct VaeDecoderImpl : torch::nn::Module {
  explicit VaeDecoderImpl(const AutoencoderKLConfig& config);
  torch::Tensor forward(const torch::Tensor& latent);

  torch::nn::Conv2d conv_in{nullptr};
  VaeMidBlock2D mid_block{nullptr};
  torch::nn::ModuleList up_blocks{nullptr};
  std::vector<UpDecoderBlock2D> up_block_list;
  nn::GroupNorm conv_norm_out{nullptr};
  torch::nn::Conv2d conv_out{nullptr};
};
TORCH_MODULE(VaeDecoder);

}  // namespace aicl::vae
