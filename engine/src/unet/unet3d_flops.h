#pragma once
// Forward-pass FLOP estimate of UNet3DConditionModel for a config and input shape (for benchmarks): 2*M*N*K per
// matrix product, convolution and linear layer, plus attention scores and weighted sums. Normalisations,
// activations and additions are left out (a few percent).
#include <cstdint>

#include "unet/unet3d_config.h"

namespace aicl::unet {

struct UNet3DInputShape {
  int64_t batch = 1;
  int64_t frames = 16;
  int64_t height = 32;  // latent pixels
  int64_t width = 32;
  int64_t text_tokens = 77;
};

struct UNet3DFlops {
  double convolutions = 0;       // conv_in/out, resnets, temporal convolutions, down/upsamplers
  double linears = 0;            // time embedding, attention projections, feed-forwards, proj_in/out
  double spatial_attention = 0;  // scores and weighted sums of spatial self- and text cross-attention
  double temporal_attention = 0;  // scores and weighted sums over frames (transformer_in and temp_attentions)
  double total() const { return convolutions + linears + spatial_attention + temporal_attention; }
};

UNet3DFlops estimateUNet3DFlops(const UNet3DConfig& config, const UNet3DInputShape& shape);

}  // namespace aicl::unet
