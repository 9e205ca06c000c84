#include "nn/resnet_block.h"

namespace aicl::nn {

namespace F = torch::nn::functional;

ResnetBlock2DImpl::ResnetBlock2DImpl(const ResnetBlock2DOptions& opts) : options(opts) {
  if (options.out_channels == 0) options.out_channels = options.in_channels;
  if (options.groups_out == 0) options.groups_out = options.groups;
  const int64_t in = options.in_channels;
  const int64_t out = options.out_channels;
  norm1 = register_module("norm1", GroupNorm(options.groups, in, options.eps));
  conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)));
  if (options.temb_channels > 0)
    time_emb_proj = register_module("time_emb_proj", torch::nn::Linear(options.temb_channels, out));
  norm2 = register_module("norm2", GroupNorm(options.groups_out, out, options.eps));
  conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1)));
  if (in != out)
    conv_shortcut = register_module("conv_shortcut", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1)));
}

torch::Tensor ResnetBlock2DImpl::forward(const torch::Tensor& x, const torch::Tensor& temb) {
  torch::Tensor hidden = conv1(norm1->forwardSilu(x));
  if (time_emb_proj && temb.defined()) {
    torch::Tensor t = time_emb_proj(torch::silu(temb));
    hidden = hidden + t.unsqueeze(-1).unsqueeze(-1);
  }
  // Dropout is identity at inference and the checkpoints use p = 0, so it is left out.
  hidden = conv2(norm2->forwardSilu(hidden));
  torch::Tensor skip = conv_shortcut ? conv_shortcut(x) : x;
  torch::Tensor result = skip + hidden;
  if (options.output_scale_factor != 1.0) result = result / options.output_scale_factor;
  return result;
}

}  // namespace aicl::nn
