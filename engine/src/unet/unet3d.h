#pragma once
// diffusers' UNet3DConditionModel (ModelScope text-to-video), with submodules named like its state dict.
#include <torch/torch.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "nn/resampling.h"
#include "nn/resnet_block.h"
#include "unet/transformers.h"
#include "unet/unet3d_config.h"

namespace aicl::unet {

// Receives named intermediate results (frames folded into the batch), for tests and debugging.
using IntermediatesCallback = std::function<void(const std::string& name, const torch::Tensor& value)>;

// One down, mid or up block: resnets with temporal convolutions, optionally spatial and temporal transformers.
struct UNetBlock3DImpl : torch::nn::Module {
  enum class Kind { Down, Mid, Up };
  struct Options {
    Kind kind = Kind::Down;
    bool cross_attention = true;
    int64_t layers = 1;
    int64_t in_channels = 0;
    int64_t out_channels = 0;
    int64_t prev_output_channels = 0;  // up blocks: channels coming from the block below
    bool resample = false;             // down: add a downsampler; up: add an upsampler
  };
  UNetBlock3DImpl(const Options& options, const UNet3DConfig& config);

  // Down: returns the output and appends the skip states to `skips`. Up: consumes skips from the back.
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& temb, const torch::Tensor& context, int64_t num_frames,
                        std::vector<torch::Tensor>& skips, const std::vector<int64_t>& upsample_size = {},
                        const TemporalHookSlot* hook = nullptr);

  Options options;
  torch::nn::ModuleList resnets, temp_convs, attentions, temp_attentions, samplers;
};
TORCH_MODULE(UNetBlock3D);

struct UNet3DConditionModelImpl : torch::nn::Module {
  explicit UNet3DConditionModelImpl(const UNet3DConfig& config);

  // sample [B, C, F, H, W], timestep 0-d or [B], encoder_hidden_states [B, L, D] -> noise prediction [B, C, F, H, W].
  // hook: this run's AICL hook (see TemporalHook); null: the one set with setTemporalHook, if any.
  torch::Tensor forward(const torch::Tensor& sample, const torch::Tensor& timestep,
                        const torch::Tensor& encoder_hidden_states, const IntermediatesCallback& intermediates = {},
                        const TemporalHookSlot* hook = nullptr);

  // A hook stored on the module, for tests and benchmarks that own the model; concurrent runs on a shared model
  // pass theirs to forward() instead. An empty function detaches it.
  void setTemporalHook(TemporalHook hook, TemporalHookPosition position = TemporalHookPosition::AfterAttn1) {
    default_hook_.hook = std::move(hook);
    default_hook_.position = position;
  }
  int64_t temporalHookCount() const { return hook_count_; }
  // The width of the hidden states each hook index receives.
  const std::vector<int64_t>& temporalHookChannels() const { return hook_channels_; }
  const UNet3DConfig& config() const { return config_; }

  torch::nn::Conv2d conv_in{nullptr}, conv_out{nullptr};
  torch::nn::Linear time_linear_1{nullptr}, time_linear_2{nullptr};
  TransformerTemporalModel transformer_in{nullptr};
  torch::nn::ModuleList down_blocks, up_blocks;
  UNetBlock3D mid_block{nullptr};
  nn::GroupNorm conv_norm_out{nullptr};

 private:
  torch::Tensor timeProjection(const torch::Tensor& timesteps) const;
  UNet3DConfig config_;
  TemporalHookSlot default_hook_;
  int64_t hook_count_ = 0;
  std::vector<int64_t> hook_channels_;
};
TORCH_MODULE(UNet3DConditionModel);

// config.json + safetensors weights of a diffusers `unet/` folder, strictly loaded, in `dtype` on `device`.
UNet3DConditionModel loadUNet3D(const std::filesystem::path& folder, torch::Dtype dtype = torch::kFloat32,
                                torch::Device device = torch::kCPU);

}  // namespace aicl::unet
