#include "echoreel/lvdm_blocks.h"

#include <cmath>

namespace aicl::echoreel {

torch::Tensor lvdmTimestepEmbedding(const torch::Tensor& timesteps, int64_t dim) {
  const int64_t half = dim / 2;
  // Same float32 operation order as LVDM, so the embedding is bitwise the reference's.
  const auto freqs =
      (torch::arange(half, torch::kFloat32) * -std::log(10000.0) / static_cast<double>(half)).exp().to(timesteps.device());
  const auto args = timesteps.unsqueeze(1).to(torch::kFloat32) * freqs.unsqueeze(0);
  auto embedding = torch::cat({args.cos(), args.sin()}, -1);
  if (dim % 2) embedding = torch::cat({embedding, torch::zeros_like(embedding.slice(1, 0, 1))}, -1);
  return embedding;
}

torch::nn::Conv3d lvdmConv(int64_t in, int64_t out, const LvdmConvOptions& options, int64_t stride_hw) {
  return torch::nn::Conv3d(torch::nn::Conv3dOptions(in, out, {options.kernel_size_t, 3, 3})
                               .stride({1, stride_hw, stride_hw})
                               .padding(torch::IntArrayRef{options.padding_t, 1, 1}));
}

LvdmResBlockImpl::LvdmResBlockImpl(int64_t channels, int64_t emb_channels, int64_t out_channels,
                                   const LvdmConvOptions& conv) {
  in_layers->push_back(nn::GroupNorm(32, channels, 1e-5));
  in_layers->push_back(torch::nn::SiLU());
  in_layers->push_back(lvdmConv(channels, out_channels, conv));
  register_module("in_layers", in_layers);
  emb_layers->push_back(torch::nn::SiLU());
  emb_layers->push_back(torch::nn::Linear(emb_channels, out_channels));
  register_module("emb_layers", emb_layers);
  out_layers->push_back(nn::GroupNorm(32, out_channels, 1e-5));
  out_layers->push_back(torch::nn::SiLU());
  out_layers->push_back(torch::nn::Dropout(0.0));
  out_layers->push_back(lvdmConv(out_channels, out_channels, conv));
  register_module("out_layers", out_layers);
  if (out_channels != channels)
    skip_connection = register_module("skip_connection", torch::nn::Conv3d(torch::nn::Conv3dOptions(channels, out_channels, 1)));
}

torch::Tensor LvdmResBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& emb) {
  // GroupNorm and SiLU run fused (nn::GroupNorm::forwardSilu).
  auto h = in_layers[2]->as<torch::nn::Conv3d>()->forward(in_layers[0]->as<nn::GroupNorm>()->forwardSilu(x));
  const auto emb_out = emb_layers[1]->as<torch::nn::Linear>()->forward(torch::silu(emb)).to(h.dtype());
  h = h + emb_out.view({emb_out.size(0), emb_out.size(1), 1, 1, 1});
  h = out_layers[3]->as<torch::nn::Conv3d>()->forward(out_layers[0]->as<nn::GroupNorm>()->forwardSilu(h));
  return (skip_connection ? skip_connection(x) : x) + h;
}

LvdmDownsampleImpl::LvdmDownsampleImpl(int64_t channels, int64_t out_channels, const LvdmConvOptions& options) {
  op = register_module("op", lvdmConv(channels, out_channels, options, 2));
}

LvdmUpsampleImpl::LvdmUpsampleImpl(int64_t channels, int64_t out_channels, const LvdmConvOptions& options) {
  conv = register_module("conv", lvdmConv(channels, out_channels, options));
}

torch::Tensor LvdmUpsampleImpl::forward(const torch::Tensor& x) {
  const auto upsampled = torch::nn::functional::interpolate(
      x, torch::nn::functional::InterpolateFuncOptions()
             .size(std::vector<int64_t>{x.size(2), x.size(3) * 2, x.size(4) * 2})
             .mode(torch::kNearest));
  return conv(upsampled);
}

}  // namespace aicl::echoreel
