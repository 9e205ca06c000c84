// diffusers' UNet3D (ModelScope layout) with AICL Studio's own adapter: the Action Prism's frame tokens enter every
// temporal transformer block through a hook passed down each forward call.
#include "backbone/unet3d_denoiser.h"

#include "aicl/error.h"

namespace aicl::backbone {
namespace {

struct HookContext : ActionContext {
  unet::TemporalHookSlot hook;
};

}  // namespace

UNet3DDenoiser::UNet3DDenoiser(unet::UNet3DConditionModel unet, adapter::AiclAdapter adapter,
                               std::filesystem::path adapter_folder)
    : unet_(std::move(unet)), adapter_(std::move(adapter)), adapter_folder_(std::move(adapter_folder)) {
  if (!adapter_) return;
  const auto config_file = (adapter_folder_ / "config.json").string();
  const auto& config = adapter_->config();
  if (config.integration.block_channels != unet_->temporalHookChannels())
    throw Error(config_file + ": key 'block_channels' does not match this backbone's " +
                std::to_string(unet_->temporalHookCount()) + " temporal blocks");
  if (config.prism.text_dim != unet_->config().cross_attention_dim)
    throw Error(config_file + ": key 'text_dim' " + std::to_string(config.prism.text_dim) +
                " does not match the backbone's cross_attention_dim " + std::to_string(unet_->config().cross_attention_dim));
}

int64_t UNet3DDenoiser::latentChannels() const { return unet_->config().in_channels; }
int64_t UNet3DDenoiser::textWidth() const { return unet_->config().cross_attention_dim; }
int64_t UNet3DDenoiser::sizeMultiple() const {
  return int64_t{1} << (unet_->config().block_out_channels.size() - 1);
}

torch::Tensor UNet3DDenoiser::predictNoise(const torch::Tensor& latents, const torch::Tensor& timestep,
                                           const torch::Tensor& text, const ActionContext* action) const {
  const auto* hooked = dynamic_cast<const HookContext*>(action);
  if (action && !hooked) throw Error("UNet3D: an AICL context made by another kind of denoiser");
  return unet_->forward(latents, timestep, text, {}, hooked ? &hooked->hook : nullptr);
}

bool UNet3DDenoiser::hasAdapter() const { return static_cast<bool>(adapter_); }

std::string UNet3DDenoiser::adapterDescription() const {
  if (!adapter_) return {};
  const auto& config = adapter_->config();
  int64_t parameters = 0;
  for (const auto& parameter : adapter_->parameters()) parameters += parameter.numel();
  return "AICL adapter: Action Prism " + std::to_string(config.prism.layers) + " layers x " +
         std::to_string(config.prism.width) + ", " + std::to_string(config.integration.block_channels.size()) +
         " integration blocks, " + std::to_string(parameters) + " parameters";
}

int64_t UNet3DDenoiser::maxFrames() const { return adapter_ ? adapter_->config().prism.frames : 0; }
double UNet3DDenoiser::defaultActionScale() const { return adapter_ ? adapter_->config().default_scale : 1.0; }

std::unique_ptr<ActionContext> UNet3DDenoiser::prepareAction(const ActionInput& input) const {
  if (!adapter_) throw Error("this model has no AICL adapter (aicl/config.json)");
  // The Prism reads each reference with its caption and the row's target prompt: [B*K, 2L, D], rows grouped by B.
  const int64_t k = input.captions.size(0), rows = input.prompts.size(0);
  std::vector<torch::Tensor> text;
  for (int64_t b = 0; b < rows; ++b)
    text.push_back(torch::cat({input.captions, input.prompts[b].unsqueeze(0).expand({k, -1, -1})}, 1));
  const auto tokens = adapter_->actionTokens(input.reference_latents, torch::cat(text));
  auto context = std::make_unique<HookContext>();
  context->hook.hook = adapter_->hook(tokens, input.frames, input.scale);
  context->hook.position = adapter_->hookPosition();
  return context;
}

torch::Tensor UNet3DDenoiser::frameFeatures(const torch::Tensor& latents, const torch::Tensor& caption,
                                            const torch::Tensor& prompt) const {
  if (!adapter_) throw Error("this model has no AICL adapter (aicl/config.json)");
  return adapter_->actionTokens(latents, torch::cat({caption, prompt}, 1))[0];
}

}  // namespace aicl::backbone
