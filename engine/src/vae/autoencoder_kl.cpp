#include "vae/autoencoder_kl.h"

#include <string>

#include "aicl/error.h"
#include "vae/vae_key_names.h"

namespace aicl::vae {

namespace {

std::string shapeText(const torch::Tensor& x) {
  std::string text = "[";
  for (int64_t i = 0; i < x.dim(); ++i) text += (i ? "," : "") + std::to_string(x.size(i));
  return text + "]";
}

void requireInput(const torch::Tensor& x, int64_t dims, int64_t channels, const char* what, const char* layout) {
  if (!x.defined() || x.dim() != dims || x.size(1) != channels)
    throw Error(std::string("AutoencoderKL: ") + what + " must be " + layout + " with " + std::to_string(channels) +
                " channels, got " + (x.defined() ? shapeText(x) : std::string("an undefined tensor")));
}

// Applies `run` to consecutive slices of `slice` images along dim 0 and concatenates the results.
template <typename Run>
torch::Tensor bySlices(const torch::Tensor& x, int64_t slice, Run run) {
  if (x.size(0) <= slice) return run(x);
  std::vector<torch::Tensor> outputs;
  for (const auto& piece : x.split(slice, 0)) outputs.push_back(run(piece));
  return torch::cat(outputs, 0);
}

// [B, C, F, H, W] -> [B * F, C, H, W] and back.
torch::Tensor framesToImages(const torch::Tensor& video) {
  return video.permute({0, 2, 1, 3, 4}).reshape({-1, video.size(1), video.size(3), video.size(4)});
}
torch::Tensor imagesToFrames(const torch::Tensor& images, int64_t batch) {
  const int64_t frames = images.size(0) / batch;
  return images.reshape({batch, frames, images.size(1), images.size(2), images.size(3)}).permute({0, 2, 1, 3, 4});
}

}  // namespace

LatentDistribution LatentDistribution::fromMoments(const torch::Tensor& moments) {
  LatentDistribution d;
  d.moments = moments;
  auto halves = moments.chunk(2, 1);
  d.mean = halves[0];
  d.logvar = halves[1].clamp(-30.0, 20.0);
  d.std = torch::exp(0.5 * d.logvar);
  return d;
}

torch::Tensor LatentDistribution::sample(c10::optional<at::Generator> generator) const {
  torch::Tensor noise = torch::randn(mean.sizes(), generator, mean.options());
  return mean + std * noise;
}

AutoencoderKLImpl::AutoencoderKLImpl(const AutoencoderKLConfig& config) : config_(config) {
  config_.validate("AutoencoderKL config");
  encoder = register_module("encoder", VaeEncoder(config_));
  decoder = register_module("decoder", VaeDecoder(config_));
  const int64_t latent = config_.latent_channels;
  if (config_.use_quant_conv)
    quant_conv = register_module("quant_conv",
                                 torch::nn::Conv2d(torch::nn::Conv2dOptions(2 * latent, 2 * latent, 1)));
  if (config_.use_post_quant_conv)
    post_quant_conv = register_module("post_quant_conv",
                                      torch::nn::Conv2d(torch::nn::Conv2dOptions(latent, latent, 1)));
}

void AutoencoderKLImpl::setSliceSize(int64_t images) {
  if (images < 1) throw Error("AutoencoderKL: slice size must be at least 1, got " + std::to_string(images));
  slice_size_ = images;
}

torch::Tensor AutoencoderKLImpl::toModel(const torch::Tensor& x) const {
  const torch::Tensor& weight = encoder->conv_in->weight;
  return x.to(weight.device(), weight.scalar_type());
}

torch::Tensor AutoencoderKLImpl::encodeMoments(const torch::Tensor& image) {
  requireInput(image, 4, config_.in_channels, "encode input", "[N, C, H, W]");
  return bySlices(toModel(image), slice_size_, [&](const torch::Tensor& piece) {
    torch::Tensor moments = encoder(piece);
    return quant_conv ? quant_conv(moments) : moments;
  });
}

LatentDistribution AutoencoderKLImpl::encode(const torch::Tensor& image) {
  return LatentDistribution::fromMoments(encodeMoments(image));
}

torch::Tensor AutoencoderKLImpl::decode(const torch::Tensor& z) {
  requireInput(z, 4, config_.latent_channels, "decode input", "[N, C, h, w]");
  return bySlices(toModel(z), slice_size_, [&](const torch::Tensor& piece) {
    return decoder(post_quant_conv ? post_quant_conv(piece) : piece);
  });
}

torch::Tensor AutoencoderKLImpl::encodeVideo(const torch::Tensor& frames, LatentChoice choice,
                                             c10::optional<at::Generator> generator) {
  requireInput(frames, 5, config_.in_channels, "encodeVideo input", "[B, C, F, H, W]");
  LatentDistribution distribution = encode(framesToImages(frames));
  torch::Tensor latents = choice == LatentChoice::kSample ? distribution.sample(generator) : distribution.mean;
  if (config_.shift_factor != 0.0) latents = latents - config_.shift_factor;
  return imagesToFrames(latents * config_.scaling_factor, frames.size(0));
}

torch::Tensor AutoencoderKLImpl::decodeVideo(const torch::Tensor& latents) {
  requireInput(latents, 5, config_.latent_channels, "decodeVideo input", "[B, C, F, h, w]");
  torch::Tensor z = framesToImages(latents) / config_.scaling_factor;
  if (config_.shift_factor != 0.0) z = z + config_.shift_factor;
  return imagesToFrames(decode(z), latents.size(0));
}

LoadOptions autoencoderKLLoadOptions() {
  LoadOptions options = defaultLoadOptions();
  options.strict = true;
  options.key_map = legacyAutoencoderKLKeyMap();
  return options;
}

void loadAutoencoderKLWeights(AutoencoderKL& model, const std::vector<std::filesystem::path>& files) {
  loadModuleWeights(*model, files, autoencoderKLLoadOptions());
}

AutoencoderKL loadAutoencoderKL(const std::filesystem::path& folder, torch::Dtype dtype, torch::Device device) {
  AutoencoderKL model(AutoencoderKLConfig::fromJson(folder / "config.json"));
  model->to(device, dtype);
  std::filesystem::path weights;
  for (const char* name : {"diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors"}) {
    if (std::filesystem::exists(folder / name)) {
      weights = folder / name;
      break;
    }
  }
  if (weights.empty())
    throw Error(folder.string() + ": no diffusion_pytorch_model.safetensors (or .fp16.safetensors) in the folder");
  loadAutoencoderKLWeights(model, {weights});
  model->eval();
  return model;
}

}  // namespace aicl::vae
