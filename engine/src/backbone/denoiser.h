#pragma once
// "A denoiser" as the pipeline and the app see it: one backbone (diffusers' UNet3D, EchoReel's LVDM UNet) with its
// AICL adapter, chosen from the model folder. The weights are shared and read-only; what one run adds (the
// references turned into action tokens, the hook that injects them) lives in the ActionContext that run owns, so
// runs on one loaded model never wait for each other.
#include <torch/torch.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace aicl {
struct ModelFolder;
}

namespace aicl::backbone {

// One run's AICL conditioning, made once by Denoiser::prepareAction and read by every denoising step.
struct ActionContext {
  virtual ~ActionContext() = default;
};

struct ActionInput {
  torch::Tensor reference_latents;  // [K, C, F, h, w]
  torch::Tensor captions;           // [K, L, D]: what each reference shows
  torch::Tensor prompts;            // [B, L, D]: the target prompt of each row of the denoising batch
  int64_t frames = 16;              // frames of the video being generated
  double scale = 1.0;               // strength of the Action Integration
};

class Denoiser {
 public:
  virtual ~Denoiser() = default;

  virtual int64_t latentChannels() const = 0;
  virtual int64_t textWidth() const = 0;  // width of the text states the denoiser attends to
  virtual int64_t sizeMultiple() const = 0;  // latent height and width must be multiples of this

  // Noise prediction for latents [B, C, F, h, w] at timestep (0-d or [B]) with text [B, L, D]; action: this run's
  // AICL conditioning (its rows match the batch), or null for the backbone alone.
  virtual torch::Tensor predictNoise(const torch::Tensor& latents, const torch::Tensor& timestep,
                                     const torch::Tensor& text, const ActionContext* action) const = 0;

  // AICL.
  virtual bool hasAdapter() const = 0;
  virtual std::string adapterDescription() const = 0;
  virtual int64_t maxFrames() const = 0;  // most frames AICL handles (0: no limit)
  virtual double defaultActionScale() const = 0;
  // The references' action tokens and the hook for one run. Throws aicl::Error when the model has no adapter.
  virtual std::unique_ptr<ActionContext> prepareAction(const ActionInput& input) const = 0;
  // Per-frame action features of one video for the feature plot: latents [1, C, F, h, w], caption and prompt
  // [1, L, D] -> [F, feature width].
  virtual torch::Tensor frameFeatures(const torch::Tensor& latents, const torch::Tensor& caption,
                                      const torch::Tensor& prompt) const = 0;
};

// The denoiser of a model folder, from unet/config.json's _class_name ("UNet3DConditionModel" with the optional
// AICL adapter folder; "EchoReelUNetModel" with its built-in Action Prism), strictly loaded in dtype on device.
// adapter_folder: UNet3D only; empty: the folder's aicl/ when it has one.
std::unique_ptr<Denoiser> loadDenoiser(const ModelFolder& folder, const std::filesystem::path& adapter_folder,
                                       torch::Dtype dtype, torch::Device device);

}  // namespace aicl::backbone
