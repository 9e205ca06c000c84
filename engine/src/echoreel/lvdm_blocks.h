#pragma once
// LVDM's convolutional UNet pieces on video tensors [B, C, T, H, W], named like the checkpoint: the sinusoidal
// timestep embedding, ResBlock (in_layers, emb_layers, out_layers, skip_connection), Downsample (op) and
// Upsample (conv). Convolutions have kernel (kernel_size_t, 3, 3); resampling acts on H and W only.
#include <torch/torch.h>

#include "nn/norm.h"

namespace aicl::echoreel {

// cat(cos, sin) of timesteps [B] times frequencies 10000^(-i / (dim / 2)) -> [B, dim] float32.
torch::Tensor lvdmTimestepEmbedding(const torch::Tensor& timesteps, int64_t dim);

struct LvdmConvOptions {
  int64_t kernel_size_t = 1;
  int64_t padding_t = 0;
};
torch::nn::Conv3d lvdmConv(int64_t in, int64_t out, const LvdmConvOptions& options, int64_t stride_hw = 1);

struct LvdmResBlockImpl : torch::nn::Module {
  LvdmResBlockImpl(int64_t channels, int64_t emb_channels, int64_t out_channels, const LvdmConvOptions& conv);
  // x [B, C, T, H, W], emb [B, emb_channels] -> [B, out_channels, T, H, W]
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& emb);

  torch::nn::ModuleList in_layers, emb_layers, out_layers;  // GroupNorm/SiLU/conv; SiLU/Linear; GroupNorm/SiLU/Dropout/conv
  torch::nn::Conv3d skip_connection{nullptr};             // 1x1x1, only when the channel count changes
};
TORCH_MODULE(LvdmResBlock);

struct LvdmDownsampleImpl : torch::nn::Module {
  LvdmDownsampleImpl(int64_t channels, int64_t out_channels, const LvdmConvOptions& options);
  torch::Tensor forward(const torch::Tensor& x) { return op(x); }
  torch::nn::Conv3d op{nullptr};  // stride (1, 2, 2)
};
TORCH_MODULE(LvdmDownsample);

struct LvdmUpsampleImpl : torch::nn::Module {
  LvdmUpsampleImpl(int64_t channels, int64_t out_channels, const LvdmConvOptions& options);
  // nearest x2 in H and W, then the conv
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Conv3d conv{nullptr};
};
TORCH_MODULE(LvdmUpsample);

}  // namespace aicl::echoreel
