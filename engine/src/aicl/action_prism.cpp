#include "aicl/action_prism.h"

#include "aicl/error.h"

namespace aicl::adapter {
namespace {

nn::LayerNorm layerNorm(int64_t dim) { return nn::LayerNorm(dim); }

}  // namespace

ActionPrismLayerImpl::ActionPrismLayerImpl(const ActionPrismConfig& c) {
  const int64_t d = c.width, heads = c.heads, dim_head = c.width / c.heads;
  norm_spatial = register_module("norm_spatial", layerNorm(d));
  spatial_attn = register_module("spatial_attn", nn::Attention(d, 0, heads, dim_head));
  norm_ff1 = register_module("norm_ff1", layerNorm(d));
  ff1 = register_module("ff1", unet::GegluFeedForward(d, c.ff_mult));
  norm_temporal = register_module("norm_temporal", layerNorm(d));
  temporal_attn = register_module("temporal_attn", RelativeAttention(d, 0, heads, dim_head, c.frames));
  norm_ff2 = register_module("norm_ff2", layerNorm(d));
  ff2 = register_module("ff2", unet::GegluFeedForward(d, c.ff_mult));
  norm_cross = register_module("norm_cross", layerNorm(d));
  cross_attn = register_module("cross_attn", nn::Attention(d, d, heads, dim_head));
  norm_ff3 = register_module("norm_ff3", layerNorm(d));
  ff3 = register_module("ff3", unet::GegluFeedForward(d, c.ff_mult));
  norm_temporal2 = register_module("norm_temporal2", layerNorm(d));
  temporal_attn2 = register_module("temporal_attn2", RelativeAttention(d, 0, heads, dim_head, c.frames));
  norm_ff4 = register_module("norm_ff4", layerNorm(d));
  ff4 = register_module("ff4", unet::GegluFeedForward(d, c.ff_mult));
}

torch::Tensor ActionPrismLayerImpl::forward(torch::Tensor x, const torch::Tensor& text, const torch::Tensor& frames) {
  const int64_t k = x.size(0), f = x.size(1), hw = x.size(2), d = x.size(3);
  // Spatial: frames in the batch, positions as the sequence.
  auto spatial = x.reshape({k * f, hw, d});
  spatial = spatial + spatial_attn(norm_spatial(spatial));
  spatial = spatial + ff1(norm_ff1(spatial));
  // Temporal: positions in the batch, frames as the sequence.
  auto temporal = spatial.view({k, f, hw, d}).transpose(1, 2).reshape({k * hw, f, d});
  temporal = temporal + temporal_attn(norm_temporal(temporal), frames);
  temporal = temporal + ff2(norm_ff2(temporal));
  // Cross-attention to the text, per frame.
  auto cross = temporal.view({k, hw, f, d}).transpose(1, 2).reshape({k * f, hw, d});
  const auto context = text.unsqueeze(1).expand({k, f, text.size(1), d}).reshape({k * f, text.size(1), d});
  cross = cross + cross_attn(norm_cross(cross), context);
  cross = cross + ff3(norm_ff3(cross));
  temporal = cross.view({k, f, hw, d}).transpose(1, 2).reshape({k * hw, f, d});
  temporal = temporal + temporal_attn2(norm_temporal2(temporal), frames);
  temporal = temporal + ff4(norm_ff4(temporal));
  return temporal.view({k, hw, f, d}).transpose(1, 2).contiguous();
}

ActionPrismImpl::ActionPrismImpl(const ActionPrismConfig& config) : config_(config) {
  const int64_t d = config.width;
  const int64_t patch_values = config.latent_channels * config.patch_size * config.patch_size;
  proj_in = register_module("proj_in", torch::nn::Linear(patch_values, d));
  text_proj = register_module("text_proj", torch::nn::Linear(config.text_dim, d));
  for (int64_t i = 0; i < config.layers; ++i) layers->push_back(ActionPrismLayer(config));
  register_module("layers", layers);
  norm_out = register_module("norm_out", layerNorm(d));
  head = register_module("head", torch::nn::Sequential(torch::nn::Linear(d, 4 * d), torch::nn::GELU(),
                                                       torch::nn::Linear(4 * d, 4 * d), torch::nn::GELU(),
                                                       torch::nn::Linear(4 * d, patch_values)));
}

torch::Tensor ActionPrismImpl::forward(const torch::Tensor& latents, const torch::Tensor& text) {
  const auto& c = config_;
  if (latents.dim() != 5 || latents.size(1) != c.latent_channels || latents.size(3) != c.latent_height ||
      latents.size(4) != c.latent_width || latents.size(2) > c.frames)
    throw Error("Action Prism: reference latents of shape " + c10::str(latents.sizes()) + " do not fit its config (" +
                std::to_string(c.latent_channels) + " channels, " + std::to_string(c.latent_height) + "x" +
                std::to_string(c.latent_width) + ", at most " + std::to_string(c.frames) + " frames)");
  if (text.dim() != 3 || text.size(0) != latents.size(0) || text.size(2) != c.text_dim)
    throw Error("Action Prism: text tokens of shape " + c10::str(text.sizes()) + " do not fit " +
                std::to_string(latents.size(0)) + " references of text width " + std::to_string(c.text_dim));
  const int64_t k = latents.size(0), f = latents.size(2), p = c.patch_size;
  const int64_t rows = c.latent_height / p, columns = c.latent_width / p, patch_values = c.latent_channels * p * p;
  // [K, C, F, H, W] -> [K, F, (H/p)*(W/p), C*p*p]: each token is a p x p patch of the latent.
  auto patches = latents.reshape({k, c.latent_channels, f, rows, p, columns, p}).permute({0, 2, 3, 5, 1, 4, 6});
  auto x = proj_in(patches.reshape({k, f, rows * columns, patch_values}));
  const auto context = text_proj(text);
  const auto frames = torch::arange(f, torch::TensorOptions().dtype(torch::kLong).device(latents.device()));
  for (const auto& layer : *layers) x = layer->as<ActionPrismLayer>()->forward(x, context, frames);
  return head->forward(norm_out(x)).reshape({k, f, c.tokenDim()});
}

}  // namespace aicl::adapter
