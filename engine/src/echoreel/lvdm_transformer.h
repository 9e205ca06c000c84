#pragma once
// LVDM's SpatialTemporalTransformer with EchoReel's inject layers (attention_temporal.py), names as the checkpoint.
// A block (BasicTransformerBlockST) runs: attn1 spatial self-attention (norm1), attn1_tmp temporal self-attention
// (norm4), attn2 spatial cross-attention to the prompt (norm2), attn2_tmp temporal self-attention (norm5), the
// Action Integration video_inject_attn3_tmp (norm7) to the prism's Tout, and ff (norm3); every step residual.
#include <torch/torch.h>

#include <functional>

#include "echoreel/echoreel_integration.h"
#include "echoreel/lvdm_temporal_attention.h"
#include "nn/attention.h"
#include "nn/norm.h"
#include "unet/transformers.h"

namespace aicl::echoreel {

struct LvdmTransformerOptions {
  int64_t channels = 0;
  int64_t heads = 0;
  int64_t head_dim = 0;
  int64_t depth = 1;
  int64_t context_dim = 0;
  int64_t temporal_length = 16;  // max relative distance; 0: no relative positions
  bool video_inject = true;
  int64_t inject_temporal_context_dim = 4096;
  int64_t inject_spatial_context_dim = 64;
};

// The Action Integration's input for one forward: the prism's Tout [B, T, width] (undefined: no inject).
struct IntegrationInput {
  torch::Tensor reference_tokens;
  ReferenceBatchOrder batch_order = ReferenceBatchOrder::PerSample;
  double scale = 1.0;  // strength of the inject residual (1: the released model)
  // Receives each video_inject_attn3_tmp output (rows (b h w), [B*H*W, T, C]) when set; for tests.
  std::function<void(const torch::Tensor&)> observe_inject;
};

struct LvdmTransformerBlockImpl : torch::nn::Module {
  explicit LvdmTransformerBlockImpl(const LvdmTransformerOptions& options);
  // x [B, C, T, H, W], context [B, S, context_dim] -> same shape as x.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context, const IntegrationInput& integration);

  nn::Attention attn1{nullptr}, attn2{nullptr};
  LvdmTemporalAttention attn1_tmp{nullptr}, attn2_tmp{nullptr};
  unet::GegluFeedForward ff{nullptr};
  nn::LayerNorm norm1{nullptr}, norm2{nullptr}, norm3{nullptr}, norm4{nullptr}, norm5{nullptr};
  // The spatial inject (video_inject_attn3, video_inject_norm6) has weights but the released forward never runs it.
  nn::Attention video_inject_attn3{nullptr};
  LvdmTemporalAttention video_inject_attn3_tmp{nullptr};
  nn::LayerNorm video_inject_norm6{nullptr}, video_inject_norm7{nullptr};
};
TORCH_MODULE(LvdmTransformerBlock);

struct SpatialTemporalTransformerImpl : torch::nn::Module {
  explicit SpatialTemporalTransformerImpl(const LvdmTransformerOptions& options);
  // x [B, C, T, H, W] -> same: GroupNorm, 1x1x1 proj_in, the blocks, proj_out, plus x.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context, const IntegrationInput& integration);

  nn::GroupNorm norm{nullptr};
  torch::nn::Conv3d proj_in{nullptr}, proj_out{nullptr};
  torch::nn::ModuleList transformer_blocks;
};
TORCH_MODULE(SpatialTemporalTransformer);

}  // namespace aicl::echoreel
