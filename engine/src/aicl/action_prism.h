#pragma once
// The Action Prism: a transformer over reference-video latents that distils one action token per frame.
// Each layer (pre-LayerNorm, residual): spatial self-attention + FFN, temporal self-attention with relative
// positions + FFN, spatial cross-attention to the text tokens (reference caption and target prompt) + FFN, a
// second temporal self-attention + FFN; FFN = GEGLU. Head: MLP D -> 4D -> 4D -> latent_channels, rearranged to
// one token of latent_height * latent_width * latent_channels values per frame. No timestep input: the tokens
// depend only on the references and the prompt.
#include <torch/torch.h>

#include "aicl/adapter_config.h"
#include "aicl/relative_attention.h"
#include "nn/attention.h"
#include "nn/norm.h"
#include "unet/transformers.h"

namespace aicl::adapter {

struct ActionPrismLayerImpl : torch::nn::Module {
  ActionPrismLayerImpl(const ActionPrismConfig& config);
  // x [K, F, HW, D]; text [K, S, D]; frames [F] -> [K, F, HW, D]
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& text, const torch::Tensor& frames);

  nn::LayerNorm norm_spatial{nullptr}, norm_temporal{nullptr}, norm_cross{nullptr}, norm_temporal2{nullptr};
  nn::LayerNorm norm_ff1{nullptr}, norm_ff2{nullptr}, norm_ff3{nullptr}, norm_ff4{nullptr};
  nn::Attention spatial_attn{nullptr}, cross_attn{nullptr};
  RelativeAttention temporal_attn{nullptr}, temporal_attn2{nullptr};
  unet::GegluFeedForward ff1{nullptr}, ff2{nullptr}, ff3{nullptr}, ff4{nullptr};
};
TORCH_MODULE(ActionPrismLayer);

struct ActionPrismImpl : torch::nn::Module {
  explicit ActionPrismImpl(const ActionPrismConfig& config);
  // latents [K, C, F, h, w] (the references, VAE-scaled), text [K, S, text_dim] (each reference's caption
  // tokens followed by the target prompt's) -> action tokens [K, F, h * w * C].
  torch::Tensor forward(const torch::Tensor& latents, const torch::Tensor& text);
  const ActionPrismConfig& config() const { return config_; }

  torch::nn::Linear proj_in{nullptr}, text_proj{nullptr};
  torch::nn::ModuleList layers;
  nn::LayerNorm norm_out{nullptr};
  torch::nn::Sequential head{nullptr};  // T_out: D -> 4D -> 4D -> latent_channels * patch_size^2

 private:
  ActionPrismConfig config_;
};
TORCH_MODULE(ActionPrism);

}  // namespace aicl::adapter
