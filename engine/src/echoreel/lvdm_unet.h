#pragma once
// LVDM's 3D UNetModel (openaimodel3d.py) with EchoReel's Action Prism and Action Integration: the denoiser of
// EchoReel, submodules named like its state dict (input_blocks / middle_block / output_blocks, time_embed, out,
// video_inject_process), so loading a checkpoint is a name lookup (prefix "model.diffusion_model." in the release).
#include <torch/torch.h>

#include <filesystem>
#include <functional>
#include <string>

#include "echoreel/echoreel_integration.h"
#include "echoreel/echoreel_prism.h"
#include "echoreel/lvdm_transformer.h"
#include "echoreel/lvdm_unet_config.h"

namespace aicl::echoreel {

// Receives named intermediate results (the fixture's names: "time_embed", "input_blocks.<i>", "middle_block",
// "<block>.inject_tmp_out", "perceiver_Tout", "perceiver_Sout"), for tests and debugging.
using IntermediatesCallback = std::function<void(const std::string& name, const torch::Tensor& value)>;

struct LvdmUNetImpl : torch::nn::Module {
  explicit LvdmUNetImpl(const LvdmUNetConfig& config);

  // x [B, C, T, H, W], timesteps [B], context [B, 77, context_dim] (the prompt) -> eps [B, out_channels, T, H, W].
  // References (both or neither): inject_video [B, C, T', H', W'] latents and inject_text [B, 77, context_dim];
  // without them, or with integration.enabled false, the UNet runs without the Action Integration.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& timesteps, const torch::Tensor& context,
                        const torch::Tensor& inject_video = {}, const torch::Tensor& inject_text = {},
                        const IntermediatesCallback& intermediates = {});
  // The same with the Action Prism's Tout computed beforehand (once per run: it does not depend on x or the
  // timestep); undefined reference_tokens: no Integration. scale multiplies the Integration's residual.
  torch::Tensor forwardWithTokens(const torch::Tensor& x, const torch::Tensor& timesteps, const torch::Tensor& context,
                                  const torch::Tensor& reference_tokens, double scale = 1.0,
                                  const IntermediatesCallback& intermediates = {});
  // The Action Prism's tokens for these references: its text is cat(context, inject_text).
  ActionPrismTokens prismTokens(const torch::Tensor& context, const torch::Tensor& inject_video,
                                const torch::Tensor& inject_text);
  const LvdmUNetConfig& config() const { return config_; }

  ActionIntegrationOptions integration;
  torch::nn::Sequential time_embed{nullptr};         // Linear, SiLU, Linear
  torch::nn::ModuleList input_blocks, output_blocks;  // each a ModuleList of resblocks, transformers, resamplers
  torch::nn::ModuleList middle_block;
  torch::nn::Sequential out{nullptr};                 // GroupNorm, SiLU, conv
  ActionPrism video_inject_process{nullptr};

 private:
  torch::Tensor runBlock(const torch::nn::ModuleListImpl& block, torch::Tensor h, const torch::Tensor& emb,
                         const torch::Tensor& context, const IntegrationInput& integration_input) const;
  LvdmUNetConfig config_;
};
TORCH_MODULE(LvdmUNet);

// config.json + safetensors weights of an EchoReel `unet/` folder (as `aicl convert` writes it), strictly loaded.
LvdmUNet loadLvdmUNet(const std::filesystem::path& folder, torch::Dtype dtype = torch::kFloat32,
                      torch::Device device = torch::kCPU);

}  // namespace aicl::echoreel
