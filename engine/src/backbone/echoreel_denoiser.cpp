// EchoReel: the Action Prism's Tout is computed once per run (it depends on the references and the prompt, not on
// the noisy latents), and every step's UNet call attends to it.
#include "backbone/echoreel_denoiser.h"

#include "aicl/error.h"
#include "aicl/logging.h"

namespace aicl::backbone {
namespace {

struct ReferenceTokens : ActionContext {
  torch::Tensor tout;  // [B, T, (reference h*w) * 4]
  double scale = 1.0;
};

}  // namespace

EchoReelDenoiser::EchoReelDenoiser(echoreel::LvdmUNet unet) : unet_(std::move(unet)) {}

int64_t EchoReelDenoiser::latentChannels() const { return unet_->config().in_channels; }
int64_t EchoReelDenoiser::textWidth() const { return unet_->config().context_dim; }
int64_t EchoReelDenoiser::sizeMultiple() const {
  return int64_t{1} << (unet_->config().channel_mult.size() - 1);
}

torch::Tensor EchoReelDenoiser::predictNoise(const torch::Tensor& latents, const torch::Tensor& timestep,
                                             const torch::Tensor& text, const ActionContext* action) const {
  const auto* tokens = dynamic_cast<const ReferenceTokens*>(action);
  if (action && !tokens) throw Error("EchoReel: an AICL context made by another kind of denoiser");
  auto timesteps = timestep.to(latents.device());
  if (timesteps.dim() == 0) timesteps = timesteps.unsqueeze(0);
  timesteps = timesteps.expand({latents.size(0)});
  return unet_->forwardWithTokens(latents, timesteps, text, tokens ? tokens->tout : torch::Tensor(),
                                  tokens ? tokens->scale : 1.0);
}

bool EchoReelDenoiser::hasAdapter() const { return static_cast<bool>(unet_->video_inject_process); }

std::string EchoReelDenoiser::adapterDescription() const {
  if (!hasAdapter()) return {};
  int64_t parameters = 0;
  for (const auto& item : unet_->named_parameters())
    if (item.key().find("video_inject") != std::string::npos) parameters += item.value().numel();
  const auto& prism = unet_->config().prism;
  return "EchoReel: Action Prism " + std::to_string(prism.layers) + " layers x " +
         std::to_string(prism.latent_query_dim) + ", Action Integration in every transformer block, " +
         std::to_string(parameters) + " parameters";
}

int64_t EchoReelDenoiser::maxFrames() const { return 0; }  // relative positions: any length
double EchoReelDenoiser::defaultActionScale() const { return 1.0; }

std::unique_ptr<ActionContext> EchoReelDenoiser::prepareAction(const ActionInput& input) const {
  if (!hasAdapter()) throw Error("this EchoReel UNet was built without its Action Prism (video_inject false)");
  if (input.reference_latents.size(0) > 1)
    logger()->warn("EchoReel reads one reference video; using the first of {}", input.reference_latents.size(0));
  const int64_t rows = input.prompts.size(0);
  // The unconditional row keeps the reference: only its prompt (the Prism's text is cat(prompt, caption)) differs.
  const auto video = input.reference_latents.narrow(0, 0, 1).expand({rows, -1, -1, -1, -1});
  const auto caption = input.captions.narrow(0, 0, 1).expand({rows, -1, -1});
  auto context = std::make_unique<ReferenceTokens>();
  context->tout = unet_->prismTokens(input.prompts, video, caption).temporal;
  context->scale = input.scale;
  if (context->tout.size(2) != unet_->config().inject_temporal_context_dim)
    throw Error("EchoReel: the references give Action Prism tokens of width " + std::to_string(context->tout.size(2)) +
                ", the model expects " + std::to_string(unet_->config().inject_temporal_context_dim) +
                ": generate at the model's native size");
  return context;
}

torch::Tensor EchoReelDenoiser::frameFeatures(const torch::Tensor& latents, const torch::Tensor& caption,
                                              const torch::Tensor& prompt) const {
  if (!hasAdapter()) throw Error("this EchoReel UNet was built without its Action Prism (video_inject false)");
  return unet_->prismTokens(prompt, latents, caption).temporal[0];  // [T, (h*w) * 4]
}

}  // namespace aicl::backbone
