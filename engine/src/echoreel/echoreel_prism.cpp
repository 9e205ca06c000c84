#include "echoreel/echoreel_prism.h"

#include <string>

namespace aicl::echoreel {

ActionPrismLayerImpl::ActionPrismLayerImpl(const ActionPrismConfig& c) {
  const int64_t dim = c.latent_query_dim, heads = c.layer_heads, head_dim = c.layer_head_dim;
  attn1 = register_module("attn1", nn::Attention(dim, 0, heads, head_dim));
  attn2 = register_module("attn2", nn::Attention(dim, c.latent_context_dim, heads, head_dim));
  attn1_tmp = register_module("attn1_tmp", LvdmTemporalAttention(dim, 0, heads, head_dim, c.layer_temporal_length));
  attn2_tmp = register_module("attn2_tmp", LvdmTemporalAttention(dim, 0, heads, head_dim, c.layer_temporal_length));
  ff1 = register_module("ff1", unet::GegluFeedForward(dim));
  ff2 = register_module("ff2", unet::GegluFeedForward(dim));
  ff3 = register_module("ff3", unet::GegluFeedForward(dim));
  ff4 = register_module("ff4", unet::GegluFeedForward(dim));
  for (int i = 1; i <= 8; ++i) norms.push_back(register_module("norm" + std::to_string(i), nn::LayerNorm(dim, 1e-5)));
}

torch::Tensor ActionPrismLayerImpl::forward(const torch::Tensor& text, const torch::Tensor& video) {
  const int64_t b = video.size(0), t = video.size(1), p = video.size(2), c = video.size(3);
  auto norm = [&](int i, const torch::Tensor& x) { return norms[i - 1]->forward(x); };
  // Spatial layout [(b t), p, c] and temporal layout [(b p), t, c].
  auto toTemporal = [&](const torch::Tensor& s) { return s.view({b, t, p, c}).transpose(1, 2).reshape({b * p, t, c}); };
  auto toSpatial = [&](const torch::Tensor& s) { return s.view({b, p, t, c}).transpose(1, 2).reshape({b * t, p, c}); };
  auto x = video.reshape({b * t, p, c});
  x = x + attn1(norm(1, x));
  x = x + ff1(norm(2, x));
  x = toTemporal(x);
  x = x + attn1_tmp(norm(3, x));
  x = x + ff2(norm(4, x));
  x = toSpatial(x);
  x = x + attn2(norm(5, x), text);
  x = x + ff3(norm(6, x));
  x = toTemporal(x);
  x = x + attn2_tmp(norm(7, x));
  x = x + ff4(norm(8, x));
  return x.view({b, p, t, c}).transpose(1, 2);
}

ActionPrismImpl::ActionPrismImpl(const ActionPrismConfig& c) {
  input_to_latent = register_module("input_to_latent", torch::nn::Linear(c.input_context_dim, c.latent_context_dim));
  video_to_latent = register_module("video_to_latent", torch::nn::Linear(c.input_query_dim, c.latent_query_dim));
  for (int64_t i = 0; i < c.layers; ++i) net->push_back(ActionPrismLayer(c));
  register_module("net", net);
  auto head = [&] {
    const int64_t hidden = c.latent_query_dim * 4;
    return torch::nn::Sequential(torch::nn::Linear(c.latent_query_dim, hidden), torch::nn::Linear(hidden, hidden),
                                 torch::nn::Linear(hidden, c.head_out_features));
  };
  latent_to_T = register_module("latent_to_T", head());
  latent_to_S = register_module("latent_to_S", head());
}

ActionPrismTokens ActionPrismImpl::forward(const torch::Tensor& text, const torch::Tensor& video) {
  const int64_t b = video.size(0), channels = video.size(1), t = video.size(2);
  auto tokens = video_to_latent(video.permute({0, 2, 3, 4, 1}).reshape({b, t, -1, channels}));  // [B, T, P, D]
  const int64_t p = tokens.size(2);
  // Every frame sees the whole text: rows (b t).
  const auto latent_text = input_to_latent(text).repeat_interleave(t, 0);
  for (const auto& layer : *net) tokens = layer->as<ActionPrismLayer>()->forward(latent_text, tokens);
  ActionPrismTokens out;
  out.temporal = latent_to_T->forward(tokens).reshape({b, t, -1});  // [B, T, (P c)]
  out.spatial = latent_to_S->forward(tokens).transpose(1, 2).reshape({b, p, -1});  // [B, P, (T c)]
  return out;
}

}  // namespace aicl::echoreel
