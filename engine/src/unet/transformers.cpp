#include "unet/transformers.h"

#include "nn/geglu.h"

namespace aicl::unet {

GegluFeedForwardImpl::GegluFeedForwardImpl(int64_t dim, int64_t mult) {
  const int64_t inner = dim * mult;
  // diffusers: net = [GEGLU(proj), Dropout, Linear]; only indices 0 and 2 hold parameters.
  torch::nn::ModuleList net;
  proj = torch::nn::Linear(dim, inner * 2);
  out = torch::nn::Linear(inner, dim);
  auto geglu = std::make_shared<torch::nn::Module>();
  geglu->register_module("proj", proj);
  net->push_back(geglu);
  net->push_back(torch::nn::Dropout(0.0));
  net->push_back(out);
  register_module("net", net);
}

torch::Tensor GegluFeedForwardImpl::forward(const torch::Tensor& x) {
  return out(nn::geglu(proj(x)));
}

BasicTransformerBlockImpl::BasicTransformerBlockImpl(int64_t dim, int64_t heads, int64_t dim_head, int64_t cross_dim) {
  auto layer_norm = [&] { return nn::LayerNorm(dim, 1e-5); };
  norm1 = register_module("norm1", layer_norm());
  attn1 = register_module("attn1", nn::Attention(dim, 0, heads, dim_head));
  norm2 = register_module("norm2", layer_norm());
  attn2 = register_module("attn2", nn::Attention(dim, cross_dim, heads, dim_head));
  norm3 = register_module("norm3", layer_norm());
  ff = register_module("ff", GegluFeedForward(dim));
}

torch::Tensor BasicTransformerBlockImpl::forward(torch::Tensor x, const torch::Tensor& context,
                                                 const TemporalHookSlot* hook) {
  auto hookAt = [&](TemporalHookPosition position) {
    if (hook_index < 0 || !hook || !hook->hook || hook->position != position) return;
    auto residual = hook->hook(x, hook_index);
    if (residual.defined()) x = x + residual;
  };
  x = x + attn1(norm1(x));
  hookAt(TemporalHookPosition::AfterAttn1);
  x = x + attn2(norm2(x), context);
  hookAt(TemporalHookPosition::AfterAttn2);
  return x + ff(norm3(x));
}

Transformer2DModelImpl::Transformer2DModelImpl(int64_t channels, int64_t heads, int64_t dim_head, int64_t cross_dim,
                                               int64_t groups) {
  const int64_t inner = heads * dim_head;
  norm = register_module("norm", nn::GroupNorm(groups, channels, 1e-6));
  proj_in = register_module("proj_in", torch::nn::Linear(channels, inner));
  transformer_blocks->push_back(BasicTransformerBlock(inner, heads, dim_head, cross_dim));
  register_module("transformer_blocks", transformer_blocks);
  proj_out = register_module("proj_out", torch::nn::Linear(inner, channels));
}

torch::Tensor Transformer2DModelImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
  const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  auto hidden = proj_in(norm(x).permute({0, 2, 3, 1}).reshape({n, h * w, c}));
  for (const auto& block : *transformer_blocks) hidden = block->as<BasicTransformerBlock>()->forward(hidden, context);
  hidden = proj_out(hidden).view({n, h, w, c}).permute({0, 3, 1, 2});
  return hidden + x;
}

TransformerTemporalModelImpl::TransformerTemporalModelImpl(int64_t channels, int64_t heads, int64_t dim_head,
                                                           int64_t groups, int64_t frame_positions) {
  const int64_t inner = heads * dim_head;
  norm = register_module("norm", nn::GroupNorm(groups, channels, 1e-6));
  proj_in = register_module("proj_in", torch::nn::Linear(channels, inner));
  if (frame_positions > 0)
    frame_position_embedding = register_parameter("frame_position_embedding", torch::zeros({frame_positions, inner}));
  transformer_blocks->push_back(BasicTransformerBlock(inner, heads, dim_head, 0));
  register_module("transformer_blocks", transformer_blocks);
  proj_out = register_module("proj_out", torch::nn::Linear(inner, channels));
}

void TransformerTemporalModelImpl::numberHookPoints(int64_t& next_index) {
  for (const auto& block : *transformer_blocks) block->as<BasicTransformerBlock>()->hook_index = next_index++;
}

torch::Tensor TransformerTemporalModelImpl::forward(const torch::Tensor& x, int64_t num_frames,
                                                   const TemporalHookSlot* hook) {
  const int64_t bf = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), b = bf / num_frames;
  // The GroupNorm spans all frames of a video: normalise [B, C, F, H, W].
  auto hidden = norm(x.view({b, num_frames, c, h, w}).permute({0, 2, 1, 3, 4}));
  hidden = proj_in(hidden.permute({0, 3, 4, 2, 1}).reshape({b * h * w, num_frames, c}));
  // UNet3DConditionModel::forward has checked the frame count against the embedding's length.
  if (frame_position_embedding.defined())
    hidden = hidden + frame_position_embedding.narrow(0, 0, num_frames).to(hidden.scalar_type());
  for (const auto& block : *transformer_blocks) hidden = block->as<BasicTransformerBlock>()->forward(hidden, {}, hook);
  hidden = proj_out(hidden);
  hidden = hidden.view({b, h, w, num_frames, c}).permute({0, 3, 4, 1, 2}).reshape({bf, c, h, w});
  return hidden + x;
}

TemporalConvLayerImpl::TemporalConvLayerImpl(int64_t channels, int64_t groups) {
  auto stage = [&](bool with_dropout) {
    torch::nn::Sequential s;
    s->push_back(nn::GroupNorm(groups, channels));
    s->push_back(torch::nn::SiLU());
    if (with_dropout) s->push_back(torch::nn::Dropout(0.0));
    s->push_back(torch::nn::Conv3d(
        torch::nn::Conv3dOptions(channels, channels, {3, 1, 1}).padding(torch::IntArrayRef{1, 0, 0})));
    return s;
  };
  conv1 = register_module("conv1", stage(false));
  conv2 = register_module("conv2", stage(true));
  conv3 = register_module("conv3", stage(true));
  conv4 = register_module("conv4", stage(true));
}

torch::Tensor TemporalConvLayerImpl::forward(const torch::Tensor& x, int64_t num_frames) {
  const int64_t bf = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  const auto identity = x.view({bf / num_frames, num_frames, c, h, w}).permute({0, 2, 1, 3, 4});
  // Each stage is (GroupNorm, SiLU, [Dropout,] Conv3d): the norm and SiLU run fused.
  auto hidden = identity;
  for (auto* stage : {&conv1, &conv2, &conv3, &conv4}) {
    auto& layers = **stage;
    hidden = layers[layers.size() - 1]->as<torch::nn::Conv3d>()->forward(layers[0]->as<nn::GroupNorm>()->forwardSilu(hidden));
  }
  return (identity + hidden).permute({0, 2, 1, 3, 4}).reshape({bf, c, h, w});
}

}  // namespace aicl::unet
