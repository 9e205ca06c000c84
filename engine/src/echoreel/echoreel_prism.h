#pragma once
// EchoReel's Action Prism (class Perceiver, attribute video_inject_process): video tokens of the reference latents
// refined by Perceiver layers that attend over space, over time (relative positions) and to the text
// cat(prompt, reference caption), then two heads: Tout (latent_to_T) for the Action Integration's temporal
// attention and Sout (latent_to_S), which the released UNet computes but never uses.
#include <torch/torch.h>

#include <vector>

#include "echoreel/lvdm_temporal_attention.h"
#include "echoreel/lvdm_unet_config.h"
#include "nn/attention.h"
#include "nn/norm.h"
#include "unet/transformers.h"

namespace aicl::echoreel {

// Perceiver_layer: pre-LayerNorm residual steps attn1 (space), ff1, attn1_tmp (time), ff2, attn2 (text), ff3,
// attn2_tmp (time), ff4 with norm1..norm8 in that order.
struct ActionPrismLayerImpl : torch::nn::Module {
  explicit ActionPrismLayerImpl(const ActionPrismConfig& config);
  // text [(B T), L, latent_context_dim], video [B, T, P, latent_query_dim] -> same shape as video.
  torch::Tensor forward(const torch::Tensor& text, const torch::Tensor& video);

  nn::Attention attn1{nullptr}, attn2{nullptr};
  LvdmTemporalAttention attn1_tmp{nullptr}, attn2_tmp{nullptr};
  unet::GegluFeedForward ff1{nullptr}, ff2{nullptr}, ff3{nullptr}, ff4{nullptr};
  std::vector<nn::LayerNorm> norms;  // norm1..norm8 (registered under those names)
};
TORCH_MODULE(ActionPrismLayer);

struct ActionPrismTokens {
  torch::Tensor spatial;   // Sout [B, P, T * 4]
  torch::Tensor temporal;  // Tout [B, T, P * 4]: Tout[b, t, p * 4 + c]
};

struct ActionPrismImpl : torch::nn::Module {
  explicit ActionPrismImpl(const ActionPrismConfig& config);
  // text [B, L, input_context_dim] (prompt and reference caption concatenated), video [B, C, T, H, W].
  ActionPrismTokens forward(const torch::Tensor& text, const torch::Tensor& video);

  torch::nn::Linear input_to_latent{nullptr}, video_to_latent{nullptr};
  torch::nn::ModuleList net;
  torch::nn::Sequential latent_to_T{nullptr}, latent_to_S{nullptr};  // three Linears, no activation between
};
TORCH_MODULE(ActionPrism);

}  // namespace aicl::echoreel
