#pragma once
// The optimisation loop every `aicl train*` command shares: AdamW (the paper's defaults), gradient clipping,
// data parallel over c10d, an optional EMA of the weights, atomic checkpoints with a bit-exact --resume, a loss
// CSV written as it trains and, when the task has a validation set, a validation CSV every N steps.
//
// Bit-exact resume: nothing random is carried from step to step. Each step's randomness (which samples, noise,
// timesteps) comes from a generator seeded with (seed, step), so a resumed run replays exactly the steps an
// uninterrupted run would have made; the checkpoint holds the parameters, AdamW's moments, the EMA and the step.
#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "train/distributed.h"

namespace aicl::train {

struct TrainOptions {
  int64_t steps = 1000;
  int64_t batch = 8;  // global batch: split across the ranks
  double lr = 1e-4;
  double beta1 = 0.9;
  double beta2 = 0.9;
  double weight_decay = 0.03;
  double clip_grad_norm = 1.0;  // <= 0: no clipping
  int64_t warmup_steps = 0;     // linear learning-rate warm-up
  int64_t decay_from = -1;      // >= 0: cosine decay from this step to lr / 10 at `steps`
  int64_t checkpoint_every = 100;
  // > 0: an exponential moving average of the trained weights, with the decay of step t
  // min(ema_decay, (1 + t) / (ema_warmup + t)) so the early average is not dominated by the initial weights.
  // Validation and the exported model use the EMA weights.
  double ema_decay = 0.0;
  int64_t ema_warmup = 10;
  int64_t validate_every = 0;  // > 0: the task's validation every N steps (and at the last) into validation.csv
  uint64_t seed = 0;
  bool resume = false;
  bool bf16 = false;  // CPU autocast: matmuls and convolutions in bfloat16, norms and the loss in float32
  std::filesystem::path out;  // checkpoint/, loss.csv, validation.csv and the exported model go here
  DistributedOptions distributed;
};
TrainOptions defaultTrainOptions();
// The learning rate of step `step` (0-based): a pure function of the step, so a resumed run follows it exactly.
double learningRate(const TrainOptions& options, int64_t step);
// The EMA decay applied after step `step` (0-based).
double emaDecay(const TrainOptions& options, int64_t step);

struct TrainProgress {
  int64_t step = 0;  // steps done
  int64_t steps = 0;
  double loss = 0.0;     // this step's loss, averaged over the ranks
  double seconds = 0.0;  // since this run started
  double steps_per_second = 0.0;
};

// One row of validation.csv: the mean denoising loss of a fixed set of clips at fixed noise and timesteps in
// [t_min, t_max), of the backbone alone and (adapter runs) of the backbone with AICL.
struct ValidationRow {
  std::string split;  // "seen" (clips of trained actions not trained on) or "held_out" (actions never trained on)
  int64_t t_min = 0, t_max = 0;
  double loss_backbone = 0.0;
  std::optional<double> loss_aicl;
  // 1 - loss_aicl / loss_backbone: how much the references help; the first sign of in-context learning.
  std::optional<double> referenceGain() const;
};
inline constexpr const char* kValidationCsvHeader = "step,split,t_min,t_max,loss_backbone,loss_aicl,reference_gain";

// A module's parameters named as its state dict, each with `prefix` in front.
std::vector<std::pair<std::string, torch::Tensor>> namedParameters(torch::nn::Module& module, const std::string& prefix);

// What a trainer trains. Implementations keep the frozen parts (and their data) to themselves.
class TrainingTask {
 public:
  virtual ~TrainingTask() = default;
  // Named trainable parameters; the checkpoint stores these by name.
  virtual std::vector<std::pair<std::string, torch::Tensor>> trainableParameters() = 0;
  // The learning-rate multiplier of a trainable parameter (e.g. larger for zero-initialised projections).
  virtual double learningRateMultiplier(const std::string& /*name*/) const { return 1.0; }
  // A parameter a recipe added with an initialisation that keeps the model's function (zeros): a checkpoint of
  // the recipe before it resumes, and the parameter starts from that initialisation.
  virtual bool mayBeAbsentFromCheckpoint(const std::string& /*name*/) const { return false; }
  // Mean loss over samples [first, first + count) of step `step`'s global batch of `batch` samples. The batch is
  // drawn with `generator` (seeded identically on every rank), then the rank's share is computed.
  virtual torch::Tensor loss(int64_t step, int64_t first, int64_t count, int64_t batch, at::Generator& generator) = 0;
  // Writes the trained component(s) as loadable model folder(s) under `dir`.
  virtual void exportModel(const std::filesystem::path& dir) = 0;
  // Checks that the frozen parts did not change during training; returns how many tensors were checked.
  virtual int64_t verifyFrozen() { return 0; }
  // The validation losses with the current weights (called without gradients); empty: no validation set.
  virtual std::vector<ValidationRow> validate() { return {}; }
};

struct TrainResult {
  int64_t first_step = 0;  // 0, or the step resumed from
  int64_t steps = 0;       // the step reached
  bool cancelled = false;
  double final_loss = 0.0;
  int64_t frozen_tensors_verified = 0;
};

// The optimiser side of a run: AdamW over the task's parameters (per-parameter learning-rate multipliers), the
// data-parallel group, the EMA weights and the checkpoint. runTraining drives it; benchmarks time step() alone.
class TrainingSession {
 public:
  TrainingSession(TrainingTask& task, const TrainOptions& options);
  ~TrainingSession();
  // Loads options.out/checkpoint; returns the step it holds.
  int64_t resume();
  // One optimisation step (forward under autocast when bf16, backward, gradient averaging, clipping, AdamW, EMA);
  // returns the loss averaged over the ranks.
  double step(int64_t step);
  void saveCheckpoint(int64_t step);
  // Runs `work` with the EMA weights in place of the trained ones (the trained ones otherwise).
  void withEvaluationWeights(const std::function<void()>& work);
  DataParallel& group() { return *group_; }

 private:
  TrainingTask& task_;
  TrainOptions options_;
  std::unique_ptr<DataParallel> group_;
  std::vector<std::string> names_;
  std::vector<torch::Tensor> parameters_, ema_;
  std::vector<double> lr_multipliers_;  // per optimizer parameter group
  std::unique_ptr<torch::optim::AdamW> optimizer_;
};

// Trains `task` to options.steps (resuming from options.out/checkpoint when options.resume), writing a checkpoint
// every checkpoint_every steps and at the end (or on cancel), then exports the model to options.out/model on the
// main rank. Throws aicl::Error naming the file for unreadable checkpoints.
TrainResult runTraining(TrainingTask& task, const TrainOptions& options,
                        const std::function<void(const TrainProgress&)>& progress = {},
                        const std::function<bool()>& cancelled = {});

// A generator for (seed, step, stream): the same numbers on every rank and in every run.
at::Generator stepGenerator(uint64_t seed, int64_t step, uint64_t stream = 0);

}  // namespace aicl::train
