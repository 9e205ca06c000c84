#pragma once
// Attention over frames with learned relative position embeddings added to the keys and to the values
// (LVDM / EchoReel's RelativePosition): score(i, j) = q_i . (k_j + a^K_{j-i}), out_i = sum_j w_ij (v_j + a^V_{j-i}),
// with j - i clipped to [-max_distance, max_distance]. Queries and keys carry their own frame indices, so the
// same module serves temporal self-attention and the Action Integration's cross-attention to reference frames.
#include <torch/torch.h>

namespace aicl::adapter {

struct RelativePositionImpl : torch::nn::Module {
  RelativePositionImpl(int64_t dim_head, int64_t max_distance);
  // [Lq, Lk, dim_head] embeddings for query frames `query_frames` [Lq] and key frames `key_frames` [Lk].
  torch::Tensor forward(const torch::Tensor& query_frames, const torch::Tensor& key_frames);
  int64_t max_distance;
  torch::Tensor embeddings_table;  // [2 * max_distance + 1, dim_head]
};
TORCH_MODULE(RelativePosition);

// softmax((q k^T + q . a^K) * scale) (v + a^V). q [N, H, Lq, d], k/v [N, H, Lk, d], rel_k/rel_v [Lq, Lk, d]
// -> [N, H, Lq, d].
torch::Tensor relativeAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                const torch::Tensor& rel_k, const torch::Tensor& rel_v, double scale);

struct RelativeAttentionImpl : torch::nn::Module {
  // context_dim 0: self-attention.
  RelativeAttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads, int64_t dim_head, int64_t max_distance);
  // x [N, Lq, query_dim] at frames query_frames [Lq]; context [N, Lk, context_dim] at key_frames [Lk].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& query_frames, const torch::Tensor& context = {},
                        const torch::Tensor& key_frames = {});
  int64_t heads, dim_head;
  torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr}, to_out{nullptr};
  RelativePosition relative_position_k{nullptr}, relative_position_v{nullptr};
};
TORCH_MODULE(RelativeAttention);

}  // namespace aicl::adapter
