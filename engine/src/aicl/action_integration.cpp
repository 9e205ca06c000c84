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

torch::Tensor ActionIntegrationBlockImpl::forward(const torch::Tensor& hidden, const torch::Tensor& context,
                                                  const torch::Tensor& key_frames) {
  const int64_t batch = context.size(0), groups = hidden.size(0) / batch, frames = hidden.size(1);
  auto& a = *attention;
  const auto x = norm(hidden);
  auto split = [&](const torch::Tensor& t, int64_t n, int64_t len) {
    return t.view({n, len, a.heads, a.dim_head}).transpose(1, 2);
  };
  const int64_t keys = context.size(1);
  const auto query_frames = torch::arange(frames, key_frames.options());
  // The context is shared by all H*W positions of a video: k and v once per video, queries grouped by video.
  const auto out = relativeAttention(split(a.to_q(x), hidden.size(0), frames), split(a.to_k(context), batch, keys),
                                     split(a.to_v(context), batch, keys),
                                     a.relative_position_k(query_frames, key_frames),
                                     a.relative_position_v(query_frames, key_frames),
                                     1.0 / std::sqrt(static_cast<double>(a.dim_head)), groups);
  return a.to_out(out.transpose(1, 2).reshape({hidden.size(0), frames, a.heads * a.dim_head}));
}

ActionIntegrationImpl::ActionIntegrationImpl(const ActionIntegrationConfig& config, int64_t token_dim,
                                             int64_t max_distance) {
  for (int64_t channels : config.block_channels)
    blocks->push_back(ActionIntegrationBlock(channels, token_dim, config.heads, config.dim_head, max_distance));
  register_module("blocks", blocks);
}

}  // namespace aicl::adapter
