#pragma once
// A sampler that walks a noisy latent back to a clean one, matching diffusers' DDIMScheduler and
// DPMSolverMultistepScheduler (dpmsolver++, orders 1-2). One object holds the state of ONE sampling run (its
// timesteps, multistep history); the config is shared and read-only. Make a fresh one (or reset()) per run.
#include <torch/torch.h>

#include <memory>
#include <vector>

#include "aicl/error.h"
#include "sampling/noise.h"
#include "sampling/noise_schedule.h"
#include "sampling/scheduler_config.h"

namespace aicl {

struct SchedulerStep {
  torch::Tensor prev_sample;           // x_{t-1}: the next loop input
  torch::Tensor pred_original_sample;  // the x_0 prediction at t (for previews)
};

class Scheduler {
 public:
  explicit Scheduler(const SchedulerConfig& config) : config_(config), schedule_(config) {}
  virtual ~Scheduler() = default;

  // Chooses `num_inference_steps` timesteps (descending) and clears the run state.
  virtual void setTimesteps(int64_t num_inference_steps) = 0;
  const std::vector<int64_t>& timesteps() const { return timesteps_; }
  // The standard deviation of the initial noise; the first latent is initialNoise(...) * initNoiseSigma().
  virtual double initNoiseSigma() const { return 1.0; }
  // The model input at timestep t (identity for DDIM and DPM-Solver).
  virtual torch::Tensor scaleModelInput(const torch::Tensor& sample, int64_t t) const { return sample; }
  // One denoising step from `sample` at timestep t given the model output (after guidance).
  virtual SchedulerStep step(const torch::Tensor& model_output, int64_t t, const torch::Tensor& sample) = 0;
  // Forgets the run state (multistep history, step counter) but keeps the timesteps.
  virtual void reset() = 0;
  // Stochastic sampling: DDIM's eta (0 = deterministic, 1 = DDPM-like), its variance noise drawn from `noise`
  // (one stream per batch sample). Other samplers accept only eta = 0.
  virtual void setEta(double eta, std::shared_ptr<NoiseStreams> noise);

  // DPM-Solver's noise levels sqrt((1 - a_t) / a_t) of the timesteps plus the final one; empty for DDIM.
  virtual std::vector<float> sigmas() const { return {}; }
  virtual SchedulerKind kind() const = 0;
  const SchedulerConfig& config() const { return config_; }
  const NoiseSchedule& schedule() const { return schedule_; }

 protected:
  SchedulerConfig config_;
  NoiseSchedule schedule_;
  std::vector<int64_t> timesteps_;
};

// A scheduler of the config's own class ("_class_name").
std::unique_ptr<Scheduler> makeScheduler(const SchedulerConfig& config);
// A scheduler of class `kind` built from a config possibly written for another class (diffusers'
// from_config).
std::unique_ptr<Scheduler> makeScheduler(const SchedulerConfig& config, SchedulerKind kind);

}  // namespace aicl
