#pragma once
// The ModelScope-layout UNet3D behind the Denoiser interface, with AICL Studio's adapter (optional).
#include <filesystem>

#include "aicl/adapter.h"
#include "backbone/denoiser.h"
#include "unet/unet3d.h"

namespace aicl::backbone {

class UNet3DDenoiser : public Denoiser {
 public:
  // adapter may be null (no AICL); adapter_folder names its files in errors.
  UNet3DDenoiser(unet::UNet3DConditionModel unet, adapter::AiclAdapter adapter, std::filesystem::path adapter_folder);

  int64_t latentChannels() const override;
  int64_t textWidth() const override;
  int64_t sizeMultiple() const override;
  torch::Tensor predictNoise(const torch::Tensor& latents, const torch::Tensor& timestep, const torch::Tensor& text,
                             const ActionContext* action) const override;
  bool hasAdapter() const override;
  std::string adapterDescription() const override;
  int64_t maxFrames() const override;
  double defaultActionScale() const override;
  std::unique_ptr<ActionContext> prepareAction(const ActionInput& input) const override;
  torch::Tensor frameFeatures(const torch::Tensor& latents, const torch::Tensor& caption,
                              const torch::Tensor& prompt) const override;

 private:
  // Module holders share their modules; mutable because torch's forward() is non-const (the weights never change).
  mutable unet::UNet3DConditionModel unet_;
  mutable adapter::AiclAdapter adapter_;
  std::filesystem::path adapter_folder_;
};

}  // namespace aicl::backbone
