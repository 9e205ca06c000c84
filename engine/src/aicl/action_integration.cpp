#include "aicl/action_integration.h"

namespace aicl::adapter {

ActionIntegrationBlockImpl::ActionIntegrationBlockImpl(int64_t channels, int64_t token_dim, int64_t heads,
                                                       int64_t dim_head, int64_t max_distance) {
  norm = register_module("norm", nn::LayerNorm(channels));
  attention = register_module("attention", RelativeAttention(channels, token_dim, heads, dim_head, max_distance));
  torch::NoGradGuard no_grad;
  attention->to_out->weight.zero_();
  attention->to_out->bias.zero_();
}

IntegrationContext ActionIntegrationBlockImpl::prepare(const torch::Tensor& context, const torch::Tensor& key_frames,
                                                       int64_t query_frames) {
  auto& a = *attention;
  const int64_t batch = context.size(0), keys = context.size(1);
  auto split = [&](const torch::Tensor& t) {  // [B, K*F, heads*d] -> [B, heads, 1, K*F, d]
    return t.view({batch, keys, a.heads, a.dim_head}).transpose(1, 2).unsqueeze(2);
  };
  const auto frames = torch::arange(query_frames, key_frames.options());
  const double scale = 1.0 / std::sqrt(static_cast<double>(a.dim_head));
  IntegrationContext prepared;
  prepared.keys_t = ((split(a.to_k(context)) + a.relative_position_k(frames, key_frames)) * scale).transpose(-2, -1).contiguous();
  prepared.values = (split(a.to_v(context)) + a.relative_position_v(frames, key_frames)).contiguous();
  return prepared;
}

torch::Tensor ActionIntegrationBlockImpl::forward(const torch::Tensor& hidden, const IntegrationContext& context) {
  auto& a = *attention;
  const int64_t batch = context.keys_t.size(0), groups = hidden.size(0) / batch, frames = hidden.size(1);
  // [B*HW, F, heads*d] -> [B, heads, F, HW, d]: the positions of a video share its keys at each query frame.
  const auto q = a.to_q(norm(hidden)).view({batch, groups, frames, a.heads, a.dim_head}).permute({0, 3, 2, 1, 4});
  const auto weights = torch::matmul(q, context.keys_t).softmax(-1);  // [B, heads, F, HW, K*F]
  const auto out = torch::matmul(weights, context.values);              // [B, heads, F, HW, d]
  return a.to_out(out.permute({0, 3, 2, 1, 4}).reshape({hidden.size(0), frames, a.heads * a.dim_head}));
}

ActionIntegrationImpl::ActionIntegrationImpl(const ActionIntegrationConfig& config, int64_t token_dim,
                                             int64_t max_distance) {
  for (int64_t channels : config.block_channels)
    blocks->push_back(ActionIntegrationBlock(channels, token_dim, config.heads, config.dim_head, max_distance));
  register_module("blocks", blocks);
}

}  // namespace aicl::adapter
