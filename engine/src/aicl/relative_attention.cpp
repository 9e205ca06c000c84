#include "aicl/relative_attention.h"

#include <cmath>

namespace aicl::adapter {

RelativePositionImpl::RelativePositionImpl(int64_t dim_head, int64_t max_distance_) : max_distance(max_distance_) {
  embeddings_table = register_parameter("embeddings_table", torch::empty({2 * max_distance + 1, dim_head}));
  torch::nn::init::xavier_uniform_(embeddings_table);
}

torch::Tensor RelativePositionImpl::forward(const torch::Tensor& query_frames, const torch::Tensor& key_frames) {
  const auto distance = key_frames.unsqueeze(0) - query_frames.unsqueeze(1);
  const auto index = distance.clamp(-max_distance, max_distance) + max_distance;
  return embeddings_table.index({index.to(embeddings_table.device())});
}

torch::Tensor relativeAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                const torch::Tensor& rel_k, const torch::Tensor& rel_v, double scale) {
  const int64_t n = q.size(0), heads = q.size(1), lq = q.size(2), d = q.size(3), lk = k.size(2);
  auto scores = torch::matmul(q, k.transpose(-2, -1));  // [N, H, Lq, Lk]
  // q_i . a^K_{ij}: one matmul per query frame i, batched over i.
  const auto q_by_frame = q.reshape({n * heads, lq, d}).transpose(0, 1);  // [Lq, N*H, d]
  scores = scores + torch::bmm(q_by_frame, rel_k.transpose(1, 2)).transpose(0, 1).view({n, heads, lq, lk});
  const auto weights = (scores * scale).softmax(-1);
  const auto w_by_frame = weights.reshape({n * heads, lq, lk}).transpose(0, 1);  // [Lq, N*H, Lk]
  return torch::matmul(weights, v) + torch::bmm(w_by_frame, rel_v).transpose(0, 1).view({n, heads, lq, d});
}

RelativeAttentionImpl::RelativeAttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads_, int64_t dim_head_,
                                             int64_t max_distance)
    : heads(heads_), dim_head(dim_head_) {
  const int64_t inner = heads * dim_head;
  const int64_t kv_dim = context_dim > 0 ? context_dim : query_dim;
  to_q = register_module("to_q", torch::nn::Linear(torch::nn::LinearOptions(query_dim, inner).bias(false)));
  to_k = register_module("to_k", torch::nn::Linear(torch::nn::LinearOptions(kv_dim, inner).bias(false)));
  to_v = register_module("to_v", torch::nn::Linear(torch::nn::LinearOptions(kv_dim, inner).bias(false)));
  to_out = register_module("to_out", torch::nn::Linear(inner, query_dim));
  relative_position_k = register_module("relative_position_k", RelativePosition(dim_head, max_distance));
  relative_position_v = register_module("relative_position_v", RelativePosition(dim_head, max_distance));
}

torch::Tensor RelativeAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& query_frames,
                                             const torch::Tensor& context, const torch::Tensor& key_frames) {
  const auto& source = context.defined() ? context : x;
  const auto& source_frames = key_frames.defined() ? key_frames : query_frames;
  const int64_t n = x.size(0), lq = x.size(1), lk = source.size(1);
  auto split = [&](const torch::Tensor& t, int64_t len) { return t.view({n, len, heads, dim_head}).transpose(1, 2); };
  const auto out = relativeAttention(split(to_q(x), lq), split(to_k(source), lk), split(to_v(source), lk),
                                     relative_position_k(query_frames, source_frames),
                                     relative_position_v(query_frames, source_frames),
                                     1.0 / std::sqrt(static_cast<double>(dim_head)));
  return to_out(out.transpose(1, 2).reshape({n, lq, heads * dim_head}));
}

}  // namespace aicl::adapter
