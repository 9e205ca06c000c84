#pragma once
// EchoReel's Action Integration: in every SpatialTemporalTransformer block, the pixels' frame sequences attend to
// the T rows of the Action Prism's Tout (video_inject_attn3_tmp). Which sample's Tout a query row sees is the one
// place where this port and the released code differ for batch > 1 (see the echoreel_unet fixture README).
#include <torch/torch.h>

namespace aicl::echoreel {

enum class ReferenceBatchOrder {
  PerSample,  // every pixel of sample b attends to sample b's references (batch 1 = the released output)
  Released,   // bug-compatible: pixel p of sample b sees sample (b * pixels + p) % B (Tin.repeat(h*w, 1, 1))
};

struct ActionIntegrationOptions {
  bool enabled = true;  // false: no inject (equals zeroing every video_inject_attn3_tmp.to_out.0)
  ReferenceBatchOrder batch_order = ReferenceBatchOrder::PerSample;
};

// For query rows ordered (b, pixel) [batch * pixels], the Tout row each one attends to.
inline torch::Tensor referenceRowOfQueryRow(int64_t batch, int64_t pixels, ReferenceBatchOrder order) {
  const auto samples = torch::arange(batch, torch::kLong);
  return order == ReferenceBatchOrder::PerSample ? samples.repeat_interleave(pixels) : samples.repeat({pixels});
}

}  // namespace aicl::echoreel
