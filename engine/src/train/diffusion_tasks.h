#pragma once
// The denoising tasks of `aicl train-backbone` (UNet3D + text encoder) and `aicl train` (AICL adapter on a frozen
// backbone) over clips already encoded to latents, apart from the files they come from: training.cpp builds them
// from a dataset, the training benchmark from synthetic latents, and both run the same step.
#include <torch/torch.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "aicl/adapter.h"
#include "sampling/noise_schedule.h"
#include "text/clip_text_model.h"
#include "train/train_loop.h"
#include "unet/unet3d.h"

namespace aicl::train {

inline constexpr int64_t kTextTokens = 77;

// Denoising targets and their conditioning.
struct LatentClips {
  torch::Tensor latents;  // [N, C, F, h, w]
  // The prompt of each clip: token ids [N, 77] for the backbone (its text encoder trains), the frozen text
  // encoder's states [N, 77, D] for the adapter.
  torch::Tensor text;
  torch::Tensor text_without_action;  // adapter: the prompts with the action phrase removed (undefined: none)
  std::vector<std::vector<int64_t>> same_action;  // per clip: the other clips of its action (reference pools)
  std::vector<int64_t> training;  // the clips training draws from (validation targets left out); empty: all

  int64_t size() const { return latents.size(0); }
  // `count` clip indices drawn uniformly from the training clips.
  torch::Tensor draw(int64_t count, at::Generator& generator) const;
};

// A fixed validation split: the same targets, references, noise and timesteps at every validation.
struct ValidationSplit {
  std::string name;          // "seen" or "held_out"
  torch::Tensor latents;     // [N, C, F, h, w]
  torch::Tensor text;        // as LatentClips::text
  torch::Tensor references;  // [N * K, C, F, h, w]: K other clips of each target's action
  torch::Tensor reference_text;  // [N * K, ...] as text
  torch::Tensor noise;       // [N, C, F, h, w]
  torch::Tensor timesteps;   // [buckets, N]: bucket b's lie in [b T / buckets, (b + 1) T / buckets)
};
inline constexpr int64_t kValidationBuckets = 4;
inline constexpr int64_t kValidationReferences = 3;

// Up to `count` clips taken round-robin over the actions (the first clip of each action, then the second, ...), so
// every action is represented, leaving at least `keep` clips of each action unpicked (references, and training
// targets when the picked clips are left out of training).
std::vector<int64_t> pickValidationClips(const std::vector<std::string>& actions,
                                         const std::vector<std::vector<int64_t>>& same_action, int64_t count, size_t keep);
// The clips not in `excluded`, and the reference pools without them.
void excludeClips(LatentClips& clips, const std::vector<int64_t>& excluded);
// The split of `targets` of `clips`, with kValidationReferences references each from its pool, noise and
// timesteps drawn once from `seed` (the noise with the schedule's frame correlation).
ValidationSplit makeValidationSplit(const std::string& name, const LatentClips& clips, const std::vector<int64_t>& targets,
                                    const NoiseSchedule& schedule, uint64_t seed);

// Per-sample epsilon MSE, weighted by Min-SNR when gamma > 0, averaged.
torch::Tensor noiseLoss(const torch::Tensor& prediction, const torch::Tensor& noise, const torch::Tensor& timesteps,
                        const NoiseSchedule& schedule, double min_snr_gamma);

struct DiffusionTaskOptions {
  double condition_dropout = 0.1;  // the prompt is dropped this often (classifier-free guidance)
  double min_snr_gamma = 0.0;
  // Adapter: the share of targets whose prompt loses its action phrase, so the references are the only source
  // of the motion (the held-out situation).
  double action_dropout = 0.0;
  // Learning-rate multiplier of the zero-initialised parameters (TrainingRequest::output_lr_multiplier).
  double output_projection_lr_multiplier = 1.0;
  // Adapter: each step draws its reference count K uniformly from [min_references, max_references].
  int64_t min_references = 1, max_references = 3;
};

// What the backbone task writes beside the trained weights when it exports a model folder.
struct BackboneExport {
  nlohmann::json unet_config, scheduler_config;
  std::filesystem::path tokenizer_and_text_config;  // a folder with tokenizer/ and text_encoder/config.json
  std::filesystem::path vae_folder;
};

class BackboneTask : public TrainingTask {
 public:
  BackboneTask(unet::UNet3DConditionModel unet, text::ClipTextModel text_encoder, LatentClips clips,
               torch::Tensor empty_ids, std::shared_ptr<const NoiseSchedule> schedule, DiffusionTaskOptions options,
               std::vector<ValidationSplit> validation = {}, BackboneExport export_info = {});
  std::vector<std::pair<std::string, torch::Tensor>> trainableParameters() override;
  // The frame position embeddings: zero-initialised, and new to a checkpoint of a recipe without them.
  double learningRateMultiplier(const std::string& name) const override;
  bool mayBeAbsentFromCheckpoint(const std::string& name) const override;
  torch::Tensor loss(int64_t step, int64_t first, int64_t count, int64_t batch, at::Generator& generator) override;
  void exportModel(const std::filesystem::path& dir) override;
  std::vector<ValidationRow> validate() override;

 private:
  unet::UNet3DConditionModel unet_;
  text::ClipTextModel text_encoder_;
  LatentClips clips_;
  torch::Tensor empty_ids_;
  std::shared_ptr<const NoiseSchedule> schedule_;
  DiffusionTaskOptions options_;
  std::vector<ValidationSplit> validation_;
  BackboneExport export_;
};

// Sum and sum of squares of frozen tensors (float64), to prove training left them unchanged.
class FrozenFingerprint {
 public:
  void add(const std::string& prefix, torch::nn::Module& module);
  int64_t verify() const;  // throws aicl::Error naming the first changed tensor

 private:
  struct Entry {
    std::string name;
    torch::Tensor tensor;
    std::pair<double, double> fingerprint;
  };
  std::vector<Entry> entries_;
};

class AdapterTask : public TrainingTask {
 public:
  AdapterTask(unet::UNet3DConditionModel unet, adapter::AiclAdapter adapter, LatentClips clips, torch::Tensor empty_text,
              std::shared_ptr<const NoiseSchedule> schedule, DiffusionTaskOptions options,
              std::vector<ValidationSplit> validation = {}, FrozenFingerprint frozen = {});
  std::vector<std::pair<std::string, torch::Tensor>> trainableParameters() override;
  double learningRateMultiplier(const std::string& name) const override;
  torch::Tensor loss(int64_t step, int64_t first, int64_t count, int64_t batch, at::Generator& generator) override;
  void exportModel(const std::filesystem::path& dir) override;
  int64_t verifyFrozen() override;
  std::vector<ValidationRow> validate() override;

 private:
  // The UNet's noise prediction for `noisy` with the action tokens of `references` as context (K per target).
  torch::Tensor predictWithReferences(const torch::Tensor& noisy, const torch::Tensor& timesteps, const torch::Tensor& text,
                                      const torch::Tensor& references, const torch::Tensor& reference_text, int64_t k);

  unet::UNet3DConditionModel unet_;
  adapter::AiclAdapter adapter_;
  LatentClips clips_;
  torch::Tensor empty_text_;
  std::shared_ptr<const NoiseSchedule> schedule_;
  DiffusionTaskOptions options_;
  std::vector<ValidationSplit> validation_;
  std::vector<std::vector<double>> backbone_losses_;  // per split and bucket: the frozen backbone's, computed once
  FrozenFingerprint frozen_;
};

}  // namespace aicl::train
