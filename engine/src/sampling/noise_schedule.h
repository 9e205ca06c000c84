#pragma once
// The training-time noise schedule shared by every sampler: betas and cumulative alpha products, computed in
// float32 exactly as diffusers does, plus the forward process used in training (add_noise, get_velocity).
#include <torch/torch.h>

#include "sampling/scheduler_config.h"

namespace aicl {

struct NoiseSchedule {
  explicit NoiseSchedule(const SchedulerConfig& config);

  torch::Tensor betas;           // [num_train_timesteps] float32, CPU
  torch::Tensor alphas_cumprod;  // [num_train_timesteps] float32, CPU
  double frame_noise_correlation = 0.0;  // the noise prior training draws from (see SchedulerConfig)

  // alphas_cumprod[t] as a float, with an error naming t when it is outside the schedule.
  float alphaProd(int64_t t) const;
  // sqrt(a_t) x0 + sqrt(1 - a_t) noise for a batch of timesteps [B] (diffusers add_noise).
  torch::Tensor addNoise(const torch::Tensor& original, const torch::Tensor& noise,
                         const torch::Tensor& timesteps) const;
  // The v-prediction target sqrt(a_t) noise - sqrt(1 - a_t) x0 for a batch of timesteps [B].
  torch::Tensor velocity(const torch::Tensor& original, const torch::Tensor& noise,
                         const torch::Tensor& timesteps) const;
};

}  // namespace aicl
