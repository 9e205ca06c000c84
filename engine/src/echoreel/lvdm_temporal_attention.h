#pragma once
// LVDM's TemporalCrossAttention: attention over the frames of each pixel with relative temporal positions added to
// the keys and values (one table of 2 * temporal_length + 1 rows shared by all heads). Names as the checkpoint:
// to_q, to_k, to_v (no bias), to_out.0, relative_position_k / relative_position_v.embeddings_table.
#include <torch/torch.h>

#include "aicl/relative_attention.h"

namespace aicl::echoreel {

struct LvdmTemporalAttentionImpl : torch::nn::Module {
  // context_dim 0: self-attention. temporal_length 0: no relative positions.
  LvdmTemporalAttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads, int64_t dim_head,
                            int64_t temporal_length);
  // x [N, T, query_dim]; context [N, S, context_dim] (undefined: x) -> [N, T, query_dim]. Frame i of x and row j
  // of the context are at relative distance j - i.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context = {});
  // Cross-attention where many query rows share a context: context [M, S, context_dim] is projected once and query
  // row r attends to context row context_row[r] (context_row: int64 [N]).
  torch::Tensor forwardSharedContext(const torch::Tensor& x, const torch::Tensor& context,
                                     const torch::Tensor& context_row);

  int64_t heads, dim_head;
  torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr};
  torch::nn::ModuleList to_out;  // [0]: Linear (LVDM keeps a Dropout at [1])
  adapter::RelativePosition relative_position_k{nullptr}, relative_position_v{nullptr};

 private:
  torch::Tensor attend(const torch::Tensor& x, const torch::Tensor& keys, const torch::Tensor& values);
};
TORCH_MODULE(LvdmTemporalAttention);

}  // namespace aicl::echoreel
