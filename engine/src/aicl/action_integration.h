#pragma once
// Action Integration: a temporal cross-attention attached at the hook point of every temporal transformer block
// of the frozen UNet (after its first or its second temporal attention, as the adapter config says):
// h <- h + scale * TCA(LayerNorm(h), action tokens).
// Queries are the backbone's tokens per spatial position over frames [B*H*W, F, C]; keys and values are
// projections of the Action Prism's frame tokens of all K references [B, K*F, token_dim] (the same for every
// spatial position), with relative temporal position embeddings between query and reference frames. The output
// projection starts at zero, so an untrained integration leaves the backbone unchanged.
#include <torch/torch.h>

#include <vector>

#include "aicl/adapter_config.h"
#include "aicl/relative_attention.h"
#include "nn/norm.h"
#include "unet/transformers.h"

namespace aicl::adapter {

// The part of a block's attention that does not change between denoising steps: the reference keys and values
// with the relative position embedding of every query frame added (keys also scaled for the softmax).
struct IntegrationContext {
  torch::Tensor keys;    // [B, Fq, heads, K*F, d]
  torch::Tensor values;  // [B, Fq, heads, K*F, d]
  // Prepared for hidden states of this type and frame count.
  bool fits(const torch::Tensor& hidden) const;
};

struct ActionIntegrationBlockImpl : torch::nn::Module {
  ActionIntegrationBlockImpl(int64_t channels, int64_t token_dim, int64_t heads, int64_t dim_head, int64_t max_distance);
  // context [B, K*F, token_dim] at reference frames key_frames [K*F], for queries at frames 0..query_frames-1.
  IntegrationContext prepare(const torch::Tensor& context, const torch::Tensor& key_frames, int64_t query_frames);
  // hidden [B*HW, F, C] -> the residual: one attention sequence per (video, query frame, head) over all H*W
  // positions (on the CPU at inference the fused attention kernel, which keeps the scores in L1).
  torch::Tensor forward(const torch::Tensor& hidden, const IntegrationContext& context);

  nn::LayerNorm norm{nullptr};
  RelativeAttention attention{nullptr};
};
TORCH_MODULE(ActionIntegrationBlock);

struct ActionIntegrationImpl : torch::nn::Module {
  ActionIntegrationImpl(const ActionIntegrationConfig& config, int64_t token_dim, int64_t max_distance);
  torch::nn::ModuleList blocks;  // one per hook of the backbone, in forward order
};
TORCH_MODULE(ActionIntegration);

}  // namespace aicl::adapter
