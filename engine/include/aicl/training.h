#pragma once
// Training from the command line or the app (torch-free interface): the ActionWorld default model's VAE and
// backbone (UNet3D + CLIP text encoder), and the AICL adapter (Action Prism + Action Integration) on a frozen
// backbone. Every run writes OUT/checkpoint (atomic, every N steps), OUT/loss.csv and, when done, OUT/model.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace aicl {

enum class TrainingTarget { Vae, Backbone, Adapter };

struct TrainingRequest {
  TrainingTarget target = TrainingTarget::Adapter;
  std::filesystem::path data;  // a video folder with an index (CSV or JSON: path, caption, action)
  std::filesystem::path out;
  // Vae: the AutoencoderKL config.json to train. Backbone: a folder with unet.json, text_encoder.json and
  // scheduler.json. Adapter: the adapter recipe (action_prism and action_integration sizes; the block widths are
  // taken from the backbone).
  std::filesystem::path config;
  std::filesystem::path vae;    // Backbone: the trained VAE folder
  std::filesystem::path model;  // Adapter: the backbone model folder (frozen)
  int frames = 16;
  int size = 32;  // training resolution (square)

  int64_t steps = 1000;
  int64_t batch = 8;
  double lr = 1e-4;
  double beta1 = 0.9, beta2 = 0.9;
  double weight_decay = 0.03;
  double clip_grad_norm = 1.0;
  int64_t warmup_steps = 0;
  int64_t decay_from = -1;  // >= 0: cosine decay of the learning rate from this step to a tenth of it at `steps`
  double min_snr_gamma = 0.0;  // > 0: Min-SNR loss weighting min(SNR, gamma) / SNR (Backbone/Adapter)
  int64_t checkpoint_every = 100;
  uint64_t seed = 0;
  bool resume = false;
  bool bf16 = false;  // mixed precision (CPU autocast to bfloat16)
  double condition_dropout = 0.1;  // Backbone/Adapter: the prompt is dropped this often (classifier-free guidance)
  // Adapter: the share of targets whose prompt loses its action phrase (the phrase of the index's action), so the
  // references are the only source of the motion, as for a held-out action.
  double action_dropout = 0.0;
  // Learning-rate multiplier of the zero-initialised parameters: the adapter's Action Integration output
  // projections, the backbone's frame position embeddings (UNet3D config `frame_position_embeddings`).
  double output_lr_multiplier = 1.0;
  // > 0: an EMA of the trained weights (decay of step t: min(ema_decay, (1 + t) / (ema_warmup + t))), kept in the
  // checkpoint, used for validation and exported as the model.
  double ema_decay = 0.0;
  int64_t ema_warmup = 10;
  // Backbone/Adapter, > 0: OUT/validation.csv every N steps: the denoising loss on a fixed set (validation_clips
  // seen-action clips left out of training, and validation_clips clips of validation_data, a held-out-action
  // dataset) at fixed noise and timesteps in 4 buckets; for the adapter with and without AICL (3 references).
  int64_t validate_every = 0;
  std::filesystem::path validation_data;
  int64_t validation_clips = 16;

  int rank = 0, world_size = 1;  // data parallel (the RANK/WORLD_SIZE/MASTER_* variables override)
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
};
TrainingRequest defaultTrainingRequest(TrainingTarget target);

struct TrainingCallbacks {
  std::function<void(const std::string& stage, int64_t done, int64_t total)> preparing;  // loading, encoding
  std::function<void(int64_t step, int64_t steps, double loss, double seconds)> progress;
  std::function<bool()> cancelled;
};

struct TrainingSummary {
  int64_t first_step = 0;
  int64_t steps = 0;
  double final_loss = 0.0;
  bool cancelled = false;
  std::filesystem::path model;  // the exported model (empty when cancelled)
  // Adapter training: frozen backbone tensors (UNet, text encoder, VAE) checked bit-identical after training.
  int64_t frozen_tensors_verified = 0;
};

// Throws aicl::Error naming the file or flag for bad input.
TrainingSummary trainModel(const TrainingRequest& request, const TrainingCallbacks& callbacks = {});

}  // namespace aicl
