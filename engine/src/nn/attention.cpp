#include "nn/attention.h"

namespace aicl::nn {

torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                        double scale, const AttentionOptions& options) {
  const int64_t batch = q.size(0), queries = q.size(1), keys = k.size(1);
  const bool upcast = q.scalar_type() == torch::kHalf || q.scalar_type() == torch::kBFloat16;
  const auto kt = k.transpose(1, 2);
  // Queries per chunk so that batch x chunk x keys float32 scores fit the budget.
  const int64_t per_query = std::max<int64_t>(1, batch * keys * 4);
  const int64_t chunk = std::max<int64_t>(1, std::min<int64_t>(queries, options.max_score_bytes / per_query));
  auto attend = [&](const torch::Tensor& q_chunk) {
    auto scores = torch::matmul(q_chunk, kt);
    scores = upcast ? scores.to(torch::kFloat32).mul_(scale) : scores.mul_(scale);
    return torch::matmul(scores.softmax(-1).to(v.scalar_type()), v);
  };
  if (chunk >= queries) return attend(q);
  std::vector<torch::Tensor> parts;
  for (int64_t start = 0; start < queries; start += chunk)
    parts.push_back(attend(q.narrow(1, start, std::min(chunk, queries - start))));
  return torch::cat(parts, 1);
}

AttentionImpl::AttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads_, int64_t dim_head_)
    : heads(heads_), dim_head(dim_head_) {
  const int64_t inner = heads * dim_head;
  const int64_t kv_dim = context_dim > 0 ? context_dim : query_dim;
  to_q = register_module("to_q", torch::nn::Linear(torch::nn::LinearOptions(query_dim, inner).bias(false)));
  to_k = register_module("to_k", torch::nn::Linear(torch::nn::LinearOptions(kv_dim, inner).bias(false)));
  to_v = register_module("to_v", torch::nn::Linear(torch::nn::LinearOptions(kv_dim, inner).bias(false)));
  to_out->push_back(torch::nn::Linear(inner, query_dim));
  register_module("to_out", to_out);
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
  const auto& source = context.defined() ? context : x;
  const int64_t batch = x.size(0), length = x.size(1), source_length = source.size(1);
  // [B, L, heads * d] -> [B * heads, L, d]
  auto split = [&](const torch::Tensor& t, int64_t len) {
    return t.view({batch, len, heads, dim_head}).transpose(1, 2).reshape({batch * heads, len, dim_head});
  };
  auto q = split(to_q(x), length);
  auto k = split(to_k(source), source_length);
  auto v = split(to_v(source), source_length);
  auto out = scaledDotProductAttention(q, k, v, 1.0 / std::sqrt(static_cast<double>(dim_head)));
  out = out.view({batch, heads, length, dim_head}).transpose(1, 2).reshape({batch, length, heads * dim_head});
  return to_out[0]->as<torch::nn::Linear>()->forward(out);
}

}  // namespace aicl::nn
