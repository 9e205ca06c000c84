#pragma once
// Classifier-free guidance and conversions between the three things a diffusion model may predict (noise
// epsilon, clean sample x0, velocity v), at cumulative alpha product a = alphas_cumprod[t]. `alpha_prod` is a
// 0-dim tensor for one timestep or [B, 1, ...] per sample; x_t = sqrt(a) x0 + sqrt(1 - a) eps and
// v = sqrt(a) eps - sqrt(1 - a) x0.
#include <torch/torch.h>

namespace aicl {

// uncond + scale * (cond - uncond), in diffusers' operation order.
inline torch::Tensor guidance(const torch::Tensor& uncond, const torch::Tensor& cond, double scale) {
  return uncond + (cond - uncond) * scale;
}

inline torch::Tensor epsilonFromVelocity(const torch::Tensor& v, const torch::Tensor& sample,
                                         const torch::Tensor& alpha_prod) {
  return alpha_prod.sqrt() * v + (1 - alpha_prod).sqrt() * sample;
}

inline torch::Tensor originalFromVelocity(const torch::Tensor& v, const torch::Tensor& sample,
                                          const torch::Tensor& alpha_prod) {
  return alpha_prod.sqrt() * sample - (1 - alpha_prod).sqrt() * v;
}

inline torch::Tensor velocityFromEpsilon(const torch::Tensor& epsilon, const torch::Tensor& sample,
                                         const torch::Tensor& alpha_prod) {
  // x0 = (x_t - sqrt(1 - a) eps) / sqrt(a), so v = (eps - sqrt(1 - a) x_t) / sqrt(a).
  return (epsilon - (1 - alpha_prod).sqrt() * sample) / alpha_prod.sqrt();
}

}  // namespace aicl
