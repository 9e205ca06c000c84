#include "aicl/action_integration.h"

#include <cmath>

#include "nn/attention.h"

namespace aicl::adapter {

ActionIntegrationBlockImpl::ActionIntegrationBlockImpl(int64_t channels, int64_t token_dim, int64_t heads,
                                                       int64_t dim_head, int64_t max_distance) {
  norm = register_module("norm", nn::LayerNorm(channels));
  attention = register_module("attention", RelativeAttention(channels, token_dim, heads, dim_head, max_distance));
  torch::NoGradGuard no_grad;
  attention->to_out->weight.zero_();
  attention->to_out->bias.zero_();
}

bool IntegrationContext::fits(const torch::Tensor& hidden) const {
  return keys.defined() && keys.scalar_type() == hidden.scalar_type() && keys.size(1) == hidden.size(1);
}

IntegrationContext ActionIntegrationBlockImpl::prepare(const torch::Tensor& context, const torch::Tensor& key_frames,
                                                       int64_t query_frames) {
  auto& a = *attention;
  const int64_t batch = context.size(0), keys = context.size(1);
  auto split = [&](const torch::Tensor& t) {  // [B, K*F, heads*d] -> [B, 1, heads, K*F, d]
    return t.view({batch, 1, keys, a.heads, a.dim_head}).transpose(2, 3);
  };
  const auto frames = torch::arange(query_frames, key_frames.options());
  const double scale = 1.0 / std::sqrt(static_cast<double>(a.dim_head));
  IntegrationContext prepared;
  prepared.keys = ((split(a.to_k(context)) + a.relative_position_k(frames, key_frames).unsqueeze(1)) * scale).contiguous();
  prepared.values = (split(a.to_v(context)) + a.relative_position_v(frames, key_frames).unsqueeze(1)).contiguous();
  return prepared;
}

torch::Tensor ActionIntegrationBlockImpl::forward(const torch::Tensor& hidden, const IntegrationContext& context) {
  auto& a = *attention;
  const int64_t batch = context.keys.size(0), positions = hidden.size(0) / batch, frames = hidden.size(1);
  const int64_t sequences = frames * a.heads, keys = context.keys.size(3);
  // [B*HW, F, heads*d] -> [B, F*heads, HW, d] (a view): one attention sequence per (video, query frame, head),
  // whose H*W positions all attend to the same reference keys.
  const auto q = a.to_q(norm(hidden)).view({batch, positions, sequences, a.dim_head}).transpose(1, 2);
  const auto out = nn::attention(q, context.keys.view({batch, sequences, keys, a.dim_head}),
                                 context.values.view({batch, sequences, keys, a.dim_head}), 1.0);
  return a.to_out(out.transpose(1, 2).reshape({hidden.size(0), frames, a.heads * a.dim_head}));
}

ActionIntegrationImpl::ActionIntegrationImpl(const ActionIntegrationConfig& config, int64_t token_dim,
                                             int64_t max_distance) {
  for (int64_t channels : config.block_channels)
    blocks->push_back(ActionIntegrationBlock(channels, token_dim, config.heads, config.dim_head, max_distance));
  register_module("blocks", blocks);
}

}  // namespace aicl::adapter
