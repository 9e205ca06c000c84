#pragma once
// The AICL adapter: an Action Prism and an Action Integration for one backbone, stored in its own folder
// (aicl/config.json + diffusion_pytorch_model.safetensors) beside the backbone's folders.
#include <torch/torch.h>

#include <filesystem>

#include "aicl/action_integration.h"
#include "aicl/action_prism.h"
#include "aicl/adapter_config.h"
#include "unet/transformers.h"

namespace aicl::adapter {

struct AiclAdapterImpl : torch::nn::Module {
  explicit AiclAdapterImpl(const AdapterConfig& config);
  // The K references' frame tokens as context rows, one per group of K text rows (the guidance branches in one
  // call): latents [K, C, F, h, w], text [B*K, S, text_dim] -> [B, K*F, token_dim].
  torch::Tensor actionTokens(const torch::Tensor& latents, const torch::Tensor& text);
  // The UNet hook adding scale * integration(hidden, context) at every temporal block; context [B, K*F, token_dim]
  // has one row per batch element of the UNet's input (guidance: the unconditional row first).
  unet::TemporalHook hook(const torch::Tensor& context, int64_t frames_per_reference, double scale);
  // Where the hook goes in each temporal block (the adapter's config).
  unet::TemporalHookPosition hookPosition() const { return config_.integration.position; }
  const AdapterConfig& config() const { return config_; }

  ActionPrism action_prism{nullptr};
  ActionIntegration action_integration{nullptr};

 private:
  AdapterConfig config_;
};
TORCH_MODULE(AiclAdapter);

// Loads aicl/config.json and its weights strictly (errors name the file and key).
AiclAdapter loadAiclAdapter(const std::filesystem::path& folder, torch::Dtype dtype = torch::kFloat32,
                            torch::Device device = torch::kCPU);
void saveAiclAdapter(AiclAdapter& adapter, const std::filesystem::path& folder);

}  // namespace aicl::adapter
