#include "echoreel/lvdm_transformer.h"

namespace aicl::echoreel {

LvdmTransformerBlockImpl::LvdmTransformerBlockImpl(const LvdmTransformerOptions& o) {
  const int64_t dim = o.heads * o.head_dim;
  auto layer_norm = [&](const char* name) { return register_module(name, nn::LayerNorm(dim, 1e-5)); };
  auto temporal = [&](const char* name, int64_t context_dim) {
    return register_module(name, LvdmTemporalAttention(dim, context_dim, o.heads, o.head_dim, o.temporal_length));
  };
  attn1 = register_module("attn1", nn::Attention(dim, 0, o.heads, o.head_dim));
  attn2 = register_module("attn2", nn::Attention(dim, o.context_dim, o.heads, o.head_dim));
  attn1_tmp = temporal("attn1_tmp", 0);
  attn2_tmp = temporal("attn2_tmp", 0);
  ff = register_module("ff", unet::GegluFeedForward(dim));
  norm1 = layer_norm("norm1");
  norm2 = layer_norm("norm2");
  norm3 = layer_norm("norm3");
  norm4 = layer_norm("norm4");
  norm5 = layer_norm("norm5");
  if (o.video_inject) {
    video_inject_attn3 =
        register_module("video_inject_attn3", nn::Attention(dim, o.inject_spatial_context_dim, o.heads, o.head_dim));
    video_inject_attn3_tmp = temporal("video_inject_attn3_tmp", o.inject_temporal_context_dim);
    video_inject_norm6 = layer_norm("video_inject_norm6");
    video_inject_norm7 = layer_norm("video_inject_norm7");
  }
}

torch::Tensor LvdmTransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& context,
                                                const IntegrationInput& integration) {
  const int64_t b = x.size(0), c = x.size(1), t = x.size(2), h = x.size(3), w = x.size(4), pixels = h * w;
  // Two layouts: spatial [(b t), (h w), c] and temporal [(b h w), t, c].
  auto toTemporal = [&](const torch::Tensor& s) { return s.view({b, t, pixels, c}).transpose(1, 2).reshape({b * pixels, t, c}); };
  auto toSpatial = [&](const torch::Tensor& s) { return s.view({b, pixels, t, c}).transpose(1, 2).reshape({b * t, pixels, c}); };

  auto hidden = x.permute({0, 2, 3, 4, 1}).reshape({b * t, pixels, c});
  hidden = hidden + attn1(norm1(hidden));
  hidden = toTemporal(hidden);
  hidden = hidden + attn1_tmp(norm4(hidden));
  hidden = toSpatial(hidden);
  // Without a prompt attn2 attends to the tokens themselves, as LVDM's CrossAttention does.
  hidden = hidden + attn2(norm2(hidden), context.defined() ? context.repeat_interleave(t, 0) : torch::Tensor());
  hidden = toTemporal(hidden);
  hidden = hidden + attn2_tmp(norm5(hidden));
  if (video_inject_attn3_tmp && integration.reference_tokens.defined()) {
    const auto rows = referenceRowOfQueryRow(b, pixels, integration.batch_order);
    const auto inject =
        video_inject_attn3_tmp->forwardSharedContext(video_inject_norm7(hidden), integration.reference_tokens, rows);
    if (integration.observe_inject) integration.observe_inject(inject);
    hidden = integration.scale == 1.0 ? hidden + inject : hidden + inject * integration.scale;
  }
  hidden = hidden + ff(norm3(hidden));
  return hidden.view({b, h, w, t, c}).permute({0, 4, 3, 1, 2});
}

SpatialTemporalTransformerImpl::SpatialTemporalTransformerImpl(const LvdmTransformerOptions& o) {
  const int64_t inner = o.heads * o.head_dim;
  norm = register_module("norm", nn::GroupNorm(32, o.channels, 1e-6));
  proj_in = register_module("proj_in", torch::nn::Conv3d(torch::nn::Conv3dOptions(o.channels, inner, 1)));
  for (int64_t i = 0; i < o.depth; ++i) transformer_blocks->push_back(LvdmTransformerBlock(o));
  register_module("transformer_blocks", transformer_blocks);
  proj_out = register_module("proj_out", torch::nn::Conv3d(torch::nn::Conv3dOptions(inner, o.channels, 1)));
}

torch::Tensor SpatialTemporalTransformerImpl::forward(const torch::Tensor& x, const torch::Tensor& context,
                                                      const IntegrationInput& integration) {
  auto hidden = proj_in(norm(x));
  for (const auto& block : *transformer_blocks)
    hidden = block->as<LvdmTransformerBlock>()->forward(hidden, context, integration);
  return proj_out(hidden) + x;
}

}  // namespace aicl::echoreel
