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

bool IntegrationContext::fits(const torch::Tensor& hidden) const {
  const auto& any = folded() ? query_to_scores : keys_t;
  return any.defined() && any.scalar_type() == hidden.scalar_type() && any.size(folded() ? 1 : 2) == hidden.size(1);
}

IntegrationContext ActionIntegrationBlockImpl::prepare(const torch::Tensor& context, const torch::Tensor& key_frames,
                                                       int64_t query_frames) {
  auto& a = *attention;
  const int64_t batch = context.size(0), keys = context.size(1), channels = norm->weight.size(0);
  auto split = [&](const torch::Tensor& t) {  // [B, K*F, heads*d] -> [B, heads, 1, K*F, d]
    return t.view({batch, keys, a.heads, a.dim_head}).transpose(1, 2).unsqueeze(2);
  };
  const auto frames = torch::arange(query_frames, key_frames.options());
  const double scale = 1.0 / std::sqrt(static_cast<double>(a.dim_head));
  const auto scaled_keys = (split(a.to_k(context)) + a.relative_position_k(frames, key_frames)) * scale;
  const auto values = split(a.to_v(context)) + a.relative_position_v(frames, key_frames);  // [B, heads, Fq, K*F, d]
  IntegrationContext prepared;
  // The folded form has no backward here (it writes into views), so training keeps the per-head form.
  if (!torch::GradMode::is_enabled() && channels * keys < a.dim_head * (channels + keys)) {
    const auto to_q = a.to_q->weight.view({a.heads, a.dim_head, channels});
    const auto to_out = a.to_out->weight.view({channels, a.heads, a.dim_head});
    prepared.query_to_scores =
        torch::einsum("hdc,bhfjd->bfchj", {to_q, scaled_keys}).reshape({batch, query_frames, channels, -1}).contiguous();
    prepared.scores_to_output =
        torch::einsum("bhfjd,chd->bfhjc", {values, to_out}).reshape({batch, query_frames, -1, channels}).contiguous();
  } else {
    prepared.keys_t = scaled_keys.transpose(-2, -1).contiguous();
    prepared.values = values.contiguous();
  }
  return prepared;
}

torch::Tensor ActionIntegrationBlockImpl::forward(const torch::Tensor& hidden, const IntegrationContext& context) {
  auto& a = *attention;
  if (context.folded()) {
    const int64_t batch = context.query_to_scores.size(0), positions = hidden.size(0) / batch, frames = hidden.size(1);
    const auto normed = norm(hidden);
    auto out = torch::empty_like(normed);
    for (int64_t b = 0; b < batch; ++b) {  // [F, HW, C] views of one video: frames become the matmul batch
      const auto scores = torch::bmm(normed.narrow(0, b * positions, positions).transpose(0, 1), context.query_to_scores[b]);
      const auto weights = scores.view({frames, positions, a.heads, -1}).softmax(-1).view({frames, positions, -1});
      auto slot = out.narrow(0, b * positions, positions).transpose(0, 1);
      torch::bmm_out(slot, weights, context.scores_to_output[b]);
    }
    return out.add_(a.to_out->bias);
  }
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
