#pragma once
// The blocks AutoencoderKL's encoder and decoder are made of (diffusers DownEncoderBlock2D, UpDecoderBlock2D, their
// Attn* variants with a single-head attention after each ResnetBlock, and UNetMidBlock2D without time embedding).
// Keys: resnets.N, attentions.N, downsamplers.0.conv, upsamplers.0.conv.
#include <torch/torch.h>

#include <vector>

#include "nn/resampling.h"
#include "nn/resnet_block.h"
#include "vae/vae_attention_block.h"

namespace aicl::vae {

// Every VAE ResnetBlock2D and GroupNorm uses this epsilon.
inline constexpr double kVaeNormEps = 1e-6;

struct DownEncoderBlock2DImpl : torch::nn::Module {
  DownEncoderBlock2DImpl(int64_t in_channels, int64_t out_channels, int64_t num_layers, int64_t groups,
                         bool add_attention, bool add_downsample);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::ModuleList attentions{nullptr};  // empty without attention
  torch::nn::ModuleList resnets{nullptr};
  torch::nn::ModuleList downsamplers{nullptr};  // empty in the last block
  std::vector<nn::ResnetBlock2D> resnet_list;
  std::vector<VaeAttentionBlock> attention_list;
  nn::Downsample2D downsampler{nullptr};
};
TORCH_MODULE(DownEncoderBlock2D);

struct UpDecoderBlock2DImpl : torch::nn::Module {
  UpDecoderBlock2DImpl(int64_t in_channels, int64_t out_channels, int64_t num_layers, int64_t groups,
                       bool add_attention, bool add_upsample);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::ModuleList attentions{nullptr};  // empty without attention
  torch::nn::ModuleList resnets{nullptr};
  torch::nn::ModuleList upsamplers{nullptr};  // empty in the last block
  std::vector<nn::ResnetBlock2D> resnet_list;
  std::vector<VaeAttentionBlock> attention_list;
  nn::Upsample2D upsampler{nullptr};
};
TORCH_MODULE(UpDecoderBlock2D);

// resnet -> (attention -> resnet); without attention (mid_block_add_attention false) just two resnets.
struct VaeMidBlock2DImpl : torch::nn::Module {
  VaeMidBlock2DImpl(int64_t channels, int64_t groups, bool add_attention);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::ModuleList resnets{nullptr};
  torch::nn::ModuleList attentions{nullptr};
  std::vector<nn::ResnetBlock2D> resnet_list;
  VaeAttentionBlock attention{nullptr};
};
TORCH_MODULE(VaeMidBlock2D);

}  // namespace aicl::vae
