#pragma once
// diffusers Downsample2D / Upsample2D with a convolution named "conv".
#include <torch/torch.h>

#include <vector>

namespace aicl::nn {

// 3x3 convolution with stride 2. padding 1 (UNet) keeps "same" geometry; padding 0 (VAE encoder) first pads the
// input asymmetrically by one pixel on the right and bottom, as diffusers does.
struct Downsample2DImpl : torch::nn::Module {
  Downsample2DImpl(int64_t channels, int64_t out_channels = 0, int64_t padding = 1);
  torch::Tensor forward(const torch::Tensor& x);

  int64_t padding;
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Downsample2D);

// Nearest-neighbour x2 (or to `output_size` = {H, W} when given) followed by a 3x3 convolution.
struct Upsample2DImpl : torch::nn::Module {
  explicit Upsample2DImpl(int64_t channels, int64_t out_channels = 0);
  torch::Tensor forward(const torch::Tensor& x, const std::vector<int64_t>& output_size = {});

  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Upsample2D);

}  // namespace aicl::nn
