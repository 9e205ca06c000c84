#pragma once
// diffusers AutoencoderKL (the Stable Diffusion / ModelScope VAE): encoder + quant_conv to a diagonal Gaussian
// over latents, post_quant_conv + decoder back to images. Images are in [-1, 1]; the model itself applies no
// scaling_factor (encodeVideo / decodeVideo do, like the pipelines). Batches are processed in slices of
// `sliceSize()` images so that peak activation memory does not grow with the number of frames.
#include <torch/torch.h>

#include <filesystem>
#include <vector>

#include "io/weight_loader.h"
#include "vae/autoencoder_kl_config.h"
#include "vae/vae_decoder.h"
#include "vae/vae_encoder.h"

namespace aicl::vae {

// The encoder's diagonal Gaussian (diffusers DiagonalGaussianDistribution).
struct LatentDistribution {
  torch::Tensor moments;  // [N, 2 * latent, h, w]: mean then logvar along channels
  torch::Tensor mean;
  torch::Tensor logvar;   // clamped to [-30, 20]
  torch::Tensor std;      // exp(0.5 * logvar)

  static LatentDistribution fromMoments(const torch::Tensor& moments);
  // mean + std * standard normal noise drawn from `generator` (the default generator when absent).
  torch::Tensor sample(c10::optional<at::Generator> generator = c10::nullopt) const;
};

enum class LatentChoice { kMean, kSample };

struct AutoencoderKLImpl : torch::nn::Module {
  explicit AutoencoderKLImpl(const AutoencoderKLConfig& config);

  // image [N, in_channels, H, W] -> the latent distribution, [N, latent, ceil(H / f), ceil(W / f)].
  LatentDistribution encode(const torch::Tensor& image);
  // z [N, latent, h, w] -> image [N, out_channels, h * f, w * f] (no scaling_factor applied).
  torch::Tensor decode(const torch::Tensor& z);

  // frames [B, in_channels, F, H, W] in [-1, 1] -> latents [B, latent, F, h, w], times scaling_factor (after
  // subtracting shift_factor): the distribution's mean, or a sample drawn from `generator`.
  torch::Tensor encodeVideo(const torch::Tensor& frames, LatentChoice choice = LatentChoice::kMean,
                            c10::optional<at::Generator> generator = c10::nullopt);
  // latents [B, latent, F, h, w] (scaled as encodeVideo returns them) -> frames [B, out_channels, F, H, W].
  torch::Tensor decodeVideo(const torch::Tensor& latents);

  // Images per encoder/decoder call; >= 1.
  void setSliceSize(int64_t images);
  int64_t sliceSize() const { return slice_size_; }
  const AutoencoderKLConfig& config() const { return config_; }

  VaeEncoder encoder{nullptr};
  VaeDecoder decoder{nullptr};
  torch::nn::Conv2d quant_conv{nullptr};       // absent when use_quant_conv is false
  torch::nn::Conv2d post_quant_conv{nullptr};  // absent when use_post_quant_conv is false

 private:
  torch::Tensor encodeMoments(const torch::Tensor& image);
  // Moves an input to the parameters' device and dtype.
  torch::Tensor toModel(const torch::Tensor& x) const;

  AutoencoderKLConfig config_;
  int64_t slice_size_ = 4;
};
TORCH_MODULE(AutoencoderKL);

// Strict loading options for AutoencoderKL checkpoints, accepting the legacy attention key names.
LoadOptions autoencoderKLLoadOptions();
// Loads weights (safetensors) into `model`; all-or-nothing, errors name the file and key.
void loadAutoencoderKLWeights(AutoencoderKL& model, const std::vector<std::filesystem::path>& files);
// A diffusers VAE folder: config.json + diffusion_pytorch_model[.fp16].safetensors, on `device` in `dtype`.
AutoencoderKL loadAutoencoderKL(const std::filesystem::path& folder, torch::Dtype dtype = torch::kFloat32,
                                torch::Device device = torch::kCPU);

}  // namespace aicl::vae
