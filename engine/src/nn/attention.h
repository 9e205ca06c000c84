#pragma once
// Multi-head attention with diffusers' parameter names (to_q, to_k, to_v, to_out.0), and the scaled dot-product
// kernel it runs on. Scores are computed with matmul (torch 1.13's CPU baddbmm with beta=0 reads uninitialised
// memory) in query chunks, so the score tensor never exceeds a fixed budget whatever the sequence length.
#include <torch/torch.h>

namespace aicl::nn {

struct AttentionOptions {
  int64_t max_score_bytes = 64ll << 20;  // per chunk of queries
};

// softmax(q k^T * scale) v on [N, L, d] / [N, S, d] / [N, S, d] -> [N, L, d]. The softmax runs in float32 for
// half-precision inputs.
torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                        double scale, const AttentionOptions& options = {});

struct AttentionImpl : torch::nn::Module {
  // context_dim 0: self-attention. Projections have no bias (diffusers' default); the output projection has one.
  AttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads, int64_t dim_head);
  // x [B, L, query_dim], context [B, S, context_dim] (undefined: x) -> [B, L, query_dim].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context = {});

  int64_t heads;
  int64_t dim_head;
  torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr};
  torch::nn::ModuleList to_out;  // [0]: Linear (diffusers keeps a Dropout at [1], which has no parameters)
};
TORCH_MODULE(Attention);

}  // namespace aicl::nn
