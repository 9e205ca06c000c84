#include "nn/resampling.h"

namespace aicl::nn {

namespace F = torch::nn::functional;

Downsample2DImpl::Downsample2DImpl(int64_t channels, int64_t out_channels, int64_t padding_)
    : padding(padding_) {
  if (out_channels == 0) out_channels = channels;
  conv = register_module(
      "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, out_channels, 3).stride(2).padding(padding)));
}

torch::Tensor Downsample2DImpl::forward(const torch::Tensor& x) {
  if (padding == 0) {
    // Right and bottom only, so the output size is ceil(H / 2) like the reference encoder.
    return conv(F::pad(x, F::PadFuncOptions({0, 1, 0, 1}).mode(torch::kConstant).value(0)));
  }
  return conv(x);
}

Upsample2DImpl::Upsample2DImpl(int64_t channels, int64_t out_channels) {
  if (out_channels == 0) out_channels = channels;
  conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, out_channels, 3).padding(1)));
}

torch::Tensor Upsample2DImpl::forward(const torch::Tensor& x, const std::vector<int64_t>& output_size) {
  // Nearest upsampling has no bfloat16 CPU kernel in older torch releases: upsample in float32 then.
  const bool upcast = x.scalar_type() == torch::kBFloat16;
  torch::Tensor input = upcast ? x.to(torch::kFloat32) : x;
  // Large batches (many frames) need a contiguous input for the nearest kernel.
  if (input.size(0) >= 64) input = input.contiguous();
  auto options = F::InterpolateFuncOptions().mode(torch::kNearest);
  if (output_size.empty())
    options.scale_factor(std::vector<double>{2.0, 2.0});
  else
    options.size(output_size);
  torch::Tensor up = F::interpolate(input, options);
  if (upcast) up = up.to(x.scalar_type());
  return conv(up);
}

}  // namespace aicl::nn
