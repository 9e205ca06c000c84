#pragma once
// EchoReel's LVDM UNet behind the Denoiser interface; its Action Prism and Integration are part of the UNet.
#include "backbone/denoiser.h"
#include "echoreel/lvdm_unet.h"

namespace aicl::backbone {

class EchoReelDenoiser : public Denoiser {
 public:
  explicit EchoReelDenoiser(echoreel::LvdmUNet unet);

  int64_t latentChannels() const override;
  int64_t textWidth() const override;
  int64_t sizeMultiple() const override;
  torch::Tensor predictNoise(const torch::Tensor& latents, const torch::Tensor& timestep, const torch::Tensor& text,
                             const ActionContext* action) const override;
  bool hasAdapter() const override;
  std::string adapterDescription() const override;
  int64_t maxFrames() const override;
  double defaultActionScale() const override;
  // EchoReel reads one reference per sample: the first of the K (the others are ignored, with a warning).
  std::unique_ptr<ActionContext> prepareAction(const ActionInput& input) const override;
  torch::Tensor frameFeatures(const torch::Tensor& latents, const torch::Tensor& caption,
                              const torch::Tensor& prompt) const override;

 private:
  mutable echoreel::LvdmUNet unet_;  // mutable: torch's forward() is non-const (the weights never change)
};

}  // namespace aicl::backbone
