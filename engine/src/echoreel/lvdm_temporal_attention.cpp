#include "echoreel/lvdm_temporal_attention.h"

#include <cmath>

#include "nn/attention.h"

namespace aicl::echoreel {

LvdmTemporalAttentionImpl::LvdmTemporalAttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads_,
                                                     int64_t dim_head_, int64_t temporal_length)
    : heads(heads_), dim_head(dim_head_) {
  const int64_t inner = heads * dim_head;
  const int64_t kv_dim = context_dim > 0 ? context_dim : query_dim;
  auto linear = [](int64_t in, int64_t out) { return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false)); };
  to_q = register_module("to_q", linear(query_dim, inner));
  to_k = register_module("to_k", linear(kv_dim, inner));
  to_v = register_module("to_v", linear(kv_dim, inner));
  to_out->push_back(torch::nn::Linear(inner, query_dim));
  register_module("to_out", to_out);
  if (temporal_length > 0) {
    relative_position_k = register_module("relative_position_k", adapter::RelativePosition(dim_head, temporal_length));
    relative_position_v = register_module("relative_position_v", adapter::RelativePosition(dim_head, temporal_length));
  }
}

torch::Tensor LvdmTemporalAttentionImpl::attend(const torch::Tensor& x, const torch::Tensor& keys,
                                                const torch::Tensor& values) {
  const int64_t n = x.size(0), lq = x.size(1), lk = keys.size(1);
  auto split = [&](const torch::Tensor& t, int64_t len) { return t.view({n, len, heads, dim_head}).transpose(1, 2); };
  const auto q = split(to_q(x), lq), k = split(keys, lk), v = split(values, lk);
  const double scale = 1.0 / std::sqrt(static_cast<double>(dim_head));
  torch::Tensor out;
  if (relative_position_k) {
    const auto query_frames = torch::arange(lq, torch::kLong), key_frames = torch::arange(lk, torch::kLong);
    out = adapter::relativeAttention(q, k, v, relative_position_k(query_frames, key_frames),
                                     relative_position_v(query_frames, key_frames), scale);
  } else {
    out = nn::attention(q, k, v, scale);
  }
  return to_out[0]->as<torch::nn::Linear>()->forward(out.transpose(1, 2).reshape({n, lq, heads * dim_head}));
}

torch::Tensor LvdmTemporalAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
  const auto& source = context.defined() ? context : x;
  return attend(x, to_k(source), to_v(source));
}

torch::Tensor LvdmTemporalAttentionImpl::forwardSharedContext(const torch::Tensor& x, const torch::Tensor& context,
                                                              const torch::Tensor& context_row) {
  const auto row = context_row.to(context.device());
  return attend(x, to_k(context).index_select(0, row), to_v(context).index_select(0, row));
}

}  // namespace aicl::echoreel
