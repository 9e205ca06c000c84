// The three trainers behind aicl::trainModel(): VAE, backbone (UNet3D + text encoder) and AICL adapter.
#include "aicl/training.h"

#include <nlohmann/json.hpp>

#include "aicl/adapter.h"
#include "aicl/error.h"
#include "aicl/logging.h"
#include "core/json_file.h"
#include "io/weight_loader.h"
#include "sampling/noise_schedule.h"
#include "sampling/scheduler_config.h"
#include "text/clip_text_model.h"
#include "text/clip_tokenizer.h"
#include "train/clip_dataset.h"
#include "train/train_loop.h"
#include "unet/unet3d.h"
#include "vae/autoencoder_kl.h"

namespace aicl {
namespace fs = std::filesystem;
using train::ClipDataset;

TrainingRequest defaultTrainingRequest(TrainingTarget target) {
  TrainingRequest request;
  request.target = target;
  if (target != TrainingTarget::Adapter) {  // the backbone and VAE of the default model learn from scratch
    request.lr = 2e-4;
    request.beta2 = 0.999;
    request.weight_decay = 0.01;
  }
  return request;
}

namespace {

constexpr int64_t kTextTokens = 77;

std::vector<std::pair<std::string, torch::Tensor>> namedParameters(torch::nn::Module& module, const std::string& prefix) {
  std::vector<std::pair<std::string, torch::Tensor>> named;
  for (const auto& item : module.named_parameters()) named.emplace_back(prefix + item.key(), item.value());
  return named;
}

void freeze(torch::nn::Module& module) {
  for (auto& parameter : module.parameters()) parameter.set_requires_grad(false);
  module.eval();
}

// A fingerprint of frozen tensors (sum and sum of squares in float64, per tensor) to prove they never changed.
class FrozenFingerprint {
 public:
  void add(const std::string& prefix, torch::nn::Module& module) {
    for (const auto& item : module.named_parameters()) entries_.push_back({prefix + item.key(), item.value(), measure(item.value())});
  }
  int64_t verify() const {
    for (const auto& entry : entries_)
      if (measure(entry.tensor) != entry.fingerprint)
        throw Error("training changed the frozen tensor " + entry.name + " (it must stay fixed)");
    return static_cast<int64_t>(entries_.size());
  }

 private:
  static std::pair<double, double> measure(const torch::Tensor& t) {
    torch::NoGradGuard no_grad;
    const auto d = t.to(torch::kFloat64);
    return {d.sum().item<double>(), d.pow(2).sum().item<double>()};
  }
  struct Entry {
    std::string name;
    torch::Tensor tensor;
    std::pair<double, double> fingerprint;
  };
  std::vector<Entry> entries_;
};

// Row indices [batch] drawn uniformly from [0, n).
torch::Tensor drawIndices(int64_t n, int64_t batch, at::Generator& generator) {
  return torch::randint(n, {batch}, generator, torch::kLong);
}

// ---- VAE ------------------------------------------------------------------------------------------------------

class VaeTask : public train::TrainingTask {
 public:
  VaeTask(const fs::path& config_path, std::shared_ptr<ClipDataset> data)
      : config_json_(readJsonFile(config_path)), model_(vae::AutoencoderKLConfig::fromJson(config_path)),
        data_(std::move(data)) {
    model_->train();
  }
  std::vector<std::pair<std::string, torch::Tensor>> trainableParameters() override { return namedParameters(*model_, ""); }

  torch::Tensor loss(int64_t, int64_t first, int64_t count, int64_t batch, at::Generator& generator) override {
    const auto clips = drawIndices(data_->size(), batch, generator);
    const auto frames = drawIndices(data_->frames.size(1), batch, generator);
    const auto images = data_->images(clips.narrow(0, first, count), frames.narrow(0, first, count));
    auto posterior = model_->encode(images);
    const auto z = posterior.mean + posterior.std * torch::randn(posterior.mean.sizes(), generator);
    const auto reconstruction = model_->decode(z);
    const auto kl = 0.5 * (posterior.mean.pow(2) + posterior.logvar.exp() - 1.0 - posterior.logvar).mean();
    return torch::mse_loss(reconstruction, images) + 0.5 * torch::l1_loss(reconstruction, images) + 1e-5 * kl;
  }

  void exportModel(const fs::path& dir) override {
    // scaling_factor: latents scaled to unit standard deviation (as Stable Diffusion's 0.18215 was chosen).
    torch::NoGradGuard no_grad;
    model_->eval();
    auto generator = train::stepGenerator(0, 0, 7);
    const auto clips = drawIndices(data_->size(), 256, generator);
    const auto frames = drawIndices(data_->frames.size(1), 256, generator);
    const auto latents = model_->encode(data_->images(clips, frames)).mean;
    auto config = config_json_;
    config["scaling_factor"] = 1.0 / latents.std().item<double>();
    config["_class_name"] = "AutoencoderKL";
    const auto folder = dir / "vae";
    fs::create_directories(folder);
    saveModuleWeights(*model_, folder / "diffusion_pytorch_model.safetensors");
    writeJsonFile(folder / "config.json", config);
    model_->train();
  }

 private:
  nlohmann::json config_json_;
  vae::AutoencoderKL model_;
  std::shared_ptr<ClipDataset> data_;
};

// ---- Shared by the backbone and adapter trainers ---------------------------------------------------------------

// Every clip's latents (posterior mean x scaling factor): [N, C, F, h, w].
torch::Tensor encodeDataset(vae::AutoencoderKL& vae, const ClipDataset& data, const TrainingCallbacks& callbacks) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  const int64_t chunk = 16;
  for (int64_t start = 0; start < data.size(); start += chunk) {
    const auto indices = torch::arange(start, std::min(data.size(), start + chunk), torch::kLong);
    parts.push_back(vae->encodeVideo(data.clips(indices)));
    if (callbacks.preparing) callbacks.preparing("encoding clips", std::min(data.size(), start + chunk), data.size());
  }
  return torch::cat(parts);
}

// Epsilon MSE per sample, weighted by Min-SNR (Hang et al. 2023) when gamma > 0: min(SNR_t, gamma) / SNR_t lowers
// the weight of the nearly clean timesteps, so more of the gradient goes to the noisy ones that decide layout and
// motion.
torch::Tensor noiseLoss(const torch::Tensor& prediction, const torch::Tensor& noise, const torch::Tensor& timesteps,
                        const NoiseSchedule& schedule, double min_snr_gamma) {
  if (min_snr_gamma <= 0.0) return torch::mse_loss(prediction, noise);
  const auto per_sample = (prediction.to(torch::kFloat32) - noise).pow(2).flatten(1).mean(1);
  const auto alpha = schedule.alphas_cumprod.index_select(0, timesteps);
  const auto snr = alpha / (1.0 - alpha);
  return (per_sample * snr.clamp_max(min_snr_gamma) / snr).mean();
}

torch::Tensor tokenIds(const text::ClipTokenizer& tokenizer, const std::vector<std::string>& texts, int64_t pad_id) {
  auto ids = torch::empty({static_cast<int64_t>(texts.size()), kTextTokens}, torch::kLong);
  for (size_t i = 0; i < texts.size(); ++i) {
    const auto tokens = tokenizer.encodeForModel(texts[i], kTextTokens, pad_id).ids;
    ids[static_cast<int64_t>(i)].copy_(torch::tensor(tokens, torch::kLong));
  }
  return ids;
}

// ---- Backbone: UNet3D + CLIP text encoder from scratch, on a frozen VAE ----------------------------------------

class BackboneTask : public train::TrainingTask {
 public:
  BackboneTask(const TrainingRequest& request, std::shared_ptr<ClipDataset> data, const TrainingCallbacks& callbacks)
      : data_(std::move(data)),
        dropout_(request.condition_dropout),
        min_snr_gamma_(request.min_snr_gamma),
        staging_(request.out / "model.staging") {
    const auto& recipe = request.config;
    vae_folder_ = request.vae;
    auto vae = vae::loadAutoencoderKL(vae_folder_);
    freeze(*vae);
    latents_ = encodeDataset(vae, *data_, callbacks);
    // Tokenizer from the captions; the text encoder's vocabulary follows it.
    text::writeCaptionVocabulary(data_->captions, staging_ / "tokenizer");
    writeJsonFile(staging_ / "tokenizer" / "tokenizer_config.json", {{"pad_token", "<|endoftext|>"}, {"model_max_length", kTextTokens}});
    auto tokenizer = text::ClipTokenizer::load(staging_ / "tokenizer" / "vocab.json", staging_ / "tokenizer" / "merges.txt");
    auto text_config = readJsonFile(recipe / "text_encoder.json");
    text_config["vocab_size"] = tokenizer.eosId() + 1;
    text_config["eos_token_id"] = tokenizer.eosId();
    text_config["bos_token_id"] = tokenizer.bosId();
    text_config["pad_token_id"] = tokenizer.eosId();
    text_config["max_position_embeddings"] = kTextTokens;
    text_config["_class_name"] = "CLIPTextModel";
    fs::create_directories(staging_ / "text_encoder");
    writeJsonFile(staging_ / "text_encoder" / "config.json", text_config);
    text_encoder_ = text::ClipTextModel(text::ClipTextConfig::fromFile(staging_ / "text_encoder" / "config.json"));
    unet_config_ = readJsonFile(recipe / "unet.json");
    unet_config_["_class_name"] = "UNet3DConditionModel";
    unet_ = unet::UNet3DConditionModel(unet::UNet3DConfig::fromJson(unet_config_, recipe / "unet.json"));
    scheduler_config_ = readJsonFile(recipe / "scheduler.json");
    schedule_ = std::make_unique<NoiseSchedule>(SchedulerConfig::fromFile(recipe / "scheduler.json"));
    ids_ = tokenIds(tokenizer, data_->captions, tokenizer.eosId());
    empty_ids_ = tokenIds(tokenizer, {""}, tokenizer.eosId());
    text_encoder_->train();
    unet_->train();
  }

  std::vector<std::pair<std::string, torch::Tensor>> trainableParameters() override {
    auto named = namedParameters(*unet_, "unet.");
    for (auto& item : namedParameters(*text_encoder_, "text_encoder.")) named.push_back(item);
    return named;
  }

  torch::Tensor loss(int64_t, int64_t first, int64_t count, int64_t batch, at::Generator& generator) override {
    const auto clips = drawIndices(data_->size(), batch, generator).narrow(0, first, count);
    const auto timesteps = torch::randint(schedule_->betas.size(0), {batch}, generator, torch::kLong).narrow(0, first, count);
    auto shape = latents_.sizes().vec();
    shape[0] = batch;
    const auto noise = torch::randn(shape, generator).narrow(0, first, count);
    const auto dropped = (torch::rand({batch}, generator) < dropout_).narrow(0, first, count);
    const auto x0 = latents_.index_select(0, clips);
    const auto ids = torch::where(dropped.unsqueeze(1), empty_ids_.expand({count, kTextTokens}), ids_.index_select(0, clips));
    const auto prediction = unet_->forward(schedule_->addNoise(x0, noise, timesteps), timesteps, text_encoder_->encode(ids));
    return noiseLoss(prediction, noise, timesteps, *schedule_, min_snr_gamma_);
  }

  void exportModel(const fs::path& dir) override {
    fs::create_directories(dir);
    for (const char* part : {"tokenizer", "text_encoder"}) {
      fs::remove_all(dir / part);
      fs::copy(staging_ / part, dir / part, fs::copy_options::recursive);
    }
    saveModuleWeights(*text_encoder_, dir / "text_encoder" / "model.safetensors");
    fs::create_directories(dir / "unet");
    writeJsonFile(dir / "unet" / "config.json", unet_config_);
    saveModuleWeights(*unet_, dir / "unet" / "diffusion_pytorch_model.safetensors");
    fs::create_directories(dir / "scheduler");
    writeJsonFile(dir / "scheduler" / "scheduler_config.json", scheduler_config_);
    fs::remove_all(dir / "vae");
    fs::copy(vae_folder_, dir / "vae", fs::copy_options::recursive);
    writeJsonFile(dir / "model_index.json", {{"_class_name", "TextToVideoSDPipeline"},
                                             {"unet", {"diffusers", "UNet3DConditionModel"}},
                                             {"vae", {"diffusers", "AutoencoderKL"}},
                                             {"text_encoder", {"transformers", "CLIPTextModel"}},
                                             {"tokenizer", {"transformers", "CLIPTokenizer"}},
                                             {"scheduler", {"diffusers", "DDIMScheduler"}}});
  }

 private:
  std::shared_ptr<ClipDataset> data_;
  double dropout_, min_snr_gamma_;
  fs::path staging_, vae_folder_;
  torch::Tensor latents_, ids_, empty_ids_;
  text::ClipTextModel text_encoder_{nullptr};
  unet::UNet3DConditionModel unet_{nullptr};
  nlohmann::json unet_config_, scheduler_config_;
  std::unique_ptr<NoiseSchedule> schedule_;
};

// ---- Adapter: Action Prism + Action Integration on a frozen backbone -------------------------------------------

class AdapterTask : public train::TrainingTask {
 public:
  AdapterTask(const TrainingRequest& request, std::shared_ptr<ClipDataset> data, const TrainingCallbacks& callbacks)
      : data_(std::move(data)), dropout_(request.condition_dropout), min_snr_gamma_(request.min_snr_gamma) {
    const auto& model = request.model;
    vae_ = vae::loadAutoencoderKL(model / "vae");
    freeze(*vae_);
    latents_ = encodeDataset(vae_, *data_, callbacks);
    auto tokenizer = text::ClipTokenizer::load(model / "tokenizer" / "vocab.json", model / "tokenizer" / "merges.txt");
    text_encoder_ = text::loadClipTextModel(model / "text_encoder");
    auto& text_encoder = text_encoder_;
    freeze(*text_encoder);
    {
      torch::NoGradGuard no_grad;
      const int64_t pad = text_encoder->config().pad_token_id;
      text_ = text_encoder->encode(tokenIds(tokenizer, data_->captions, pad));
      empty_text_ = text_encoder->encode(tokenIds(tokenizer, {""}, pad));
    }
    unet_ = unet::loadUNet3D(model / "unet");
    freeze(*unet_);
    frozen_.add("unet.", *unet_);
    frozen_.add("text_encoder.", *text_encoder_);
    frozen_.add("vae.", *vae_);
    schedule_ = std::make_unique<NoiseSchedule>(SchedulerConfig::fromFile(model / "scheduler" / "scheduler_config.json"));

    // The recipe gives the sizes; the shapes that must fit the backbone come from it.
    const auto recipe_json = readJsonFile(request.config);
    auto config_json = recipe_json;
    auto& prism = config_json["action_prism"];
    prism["latent_channels"] = latents_.size(1);
    prism["frames"] = latents_.size(2);
    prism["latent_height"] = latents_.size(3);
    prism["latent_width"] = latents_.size(4);
    prism["text_dim"] = text_.size(2);
    config_json["action_integration"]["block_channels"] = unet_->temporalHookChannels();
    config_ = adapter::AdapterConfig::fromJson(config_json, request.config);
    adapter_ = adapter::AiclAdapter(config_);
    adapter_->train();
  }

  std::vector<std::pair<std::string, torch::Tensor>> trainableParameters() override { return namedParameters(*adapter_, ""); }

  torch::Tensor loss(int64_t, int64_t first, int64_t count, int64_t batch, at::Generator& generator) override {
    // K references per target for this step (1..3), drawn from the other clips of the target's action.
    const int64_t k = 1 + torch::randint(3, {1}, generator, torch::kLong).item<int64_t>();
    const auto all_clips = drawIndices(data_->size(), batch, generator);
    const auto picks = torch::rand({batch, k}, generator);
    const auto timesteps = torch::randint(schedule_->betas.size(0), {batch}, generator, torch::kLong).narrow(0, first, count);
    auto shape = latents_.sizes().vec();
    shape[0] = batch;
    const auto noise = torch::randn(shape, generator).narrow(0, first, count);
    const auto dropped = (torch::rand({batch}, generator) < dropout_).narrow(0, first, count);
    const auto clips = all_clips.narrow(0, first, count);

    std::vector<int64_t> references;
    for (int64_t b = first; b < first + count; ++b) {
      const auto& pool = data_->same_action[static_cast<size_t>(all_clips[b].item<int64_t>())];
      if (pool.empty()) throw Error("adapter training: the action of clip " + std::to_string(all_clips[b].item<int64_t>()) + " has a single clip");
      for (int64_t j = 0; j < k; ++j) {
        const auto slot = std::min<int64_t>(static_cast<int64_t>(pool.size()) - 1,
                                            static_cast<int64_t>(picks[b][j].item<double>() * static_cast<double>(pool.size())));
        references.push_back(pool[static_cast<size_t>(slot)]);
      }
    }
    const auto reference_index = torch::tensor(references, torch::kLong);
    // Target text: the prompt, or the empty prompt when dropped (the unconditional branch keeps the references).
    const auto target_text = torch::where(dropped.view({count, 1, 1}), empty_text_.expand({count, kTextTokens, text_.size(2)}),
                                          text_.index_select(0, clips));
    // Action Prism text per reference: its caption's tokens, then the target prompt's.
    const auto prism_text = torch::cat({text_.index_select(0, reference_index),
                                        target_text.repeat_interleave(k, 0)}, 1);
    const auto tokens = adapter_->action_prism(latents_.index_select(0, reference_index), prism_text);  // [count*k, F, D]
    const auto context = tokens.reshape({count, k * tokens.size(1), tokens.size(2)});
    unet_->setTemporalHook(adapter_->hook(context, tokens.size(1), 1.0));
    const auto prediction = unet_->forward(schedule_->addNoise(latents_.index_select(0, clips), noise, timesteps),
                                           timesteps, target_text);
    unet_->setTemporalHook({});
    return noiseLoss(prediction, noise, timesteps, *schedule_, min_snr_gamma_);
  }

  void exportModel(const fs::path& dir) override { adapter::saveAiclAdapter(adapter_, dir / "aicl"); }
  int64_t verifyFrozen() override { return frozen_.verify(); }

 private:
  std::shared_ptr<ClipDataset> data_;
  double dropout_, min_snr_gamma_;
  torch::Tensor latents_, text_, empty_text_;
  vae::AutoencoderKL vae_{nullptr};
  text::ClipTextModel text_encoder_{nullptr};
  unet::UNet3DConditionModel unet_{nullptr};
  FrozenFingerprint frozen_;
  std::unique_ptr<NoiseSchedule> schedule_;
  adapter::AdapterConfig config_;
  adapter::AiclAdapter adapter_{nullptr};
};

}  // namespace

TrainingSummary trainModel(const TrainingRequest& request, const TrainingCallbacks& callbacks) {
  if (request.out.empty()) throw Error("--out: an output folder is required");
  if (request.config.empty()) throw Error("--config: a configuration is required");
  auto data = std::make_shared<ClipDataset>(train::loadClipDataset(request.data, request.frames, request.size, [&](int64_t done, int64_t total) {
    if (callbacks.preparing) callbacks.preparing("decoding videos", done, total);
  }));
  // LibTorch seeds its default generator randomly per process: the initial weights come from the run's seed.
  torch::manual_seed(request.seed);
  std::unique_ptr<train::TrainingTask> task;
  switch (request.target) {
    case TrainingTarget::Vae: task = std::make_unique<VaeTask>(request.config, data); break;
    case TrainingTarget::Backbone:
      if (request.vae.empty()) throw Error("--vae: the trained VAE folder is required");
      task = std::make_unique<BackboneTask>(request, data, callbacks);
      break;
    case TrainingTarget::Adapter:
      if (request.model.empty()) throw Error("--model: the backbone model folder is required");
      task = std::make_unique<AdapterTask>(request, data, callbacks);
      break;
  }
  train::TrainOptions options;
  options.steps = request.steps;
  options.batch = request.batch;
  options.lr = request.lr;
  options.beta1 = request.beta1;
  options.beta2 = request.beta2;
  options.weight_decay = request.weight_decay;
  options.clip_grad_norm = request.clip_grad_norm;
  options.warmup_steps = request.warmup_steps;
  options.decay_from = request.decay_from;
  options.checkpoint_every = request.checkpoint_every;
  options.seed = request.seed;
  options.resume = request.resume;
  options.bf16 = request.bf16;
  options.out = request.out;
  options.distributed.rank = request.rank;
  options.distributed.world_size = request.world_size;
  options.distributed.master_addr = request.master_addr;
  options.distributed.master_port = request.master_port;
  options.distributed = train::distributedOptionsFromEnvironment(options.distributed);
  const auto result = train::runTraining(*task, options, [&](const train::TrainProgress& p) {
    if (callbacks.progress) callbacks.progress(p.step, p.steps, p.loss, p.seconds);
  }, callbacks.cancelled);
  TrainingSummary summary;
  summary.first_step = result.first_step;
  summary.steps = result.steps;
  summary.final_loss = result.final_loss;
  summary.cancelled = result.cancelled;
  summary.frozen_tensors_verified = result.frozen_tensors_verified;
  if (!result.cancelled) summary.model = request.out / "model";
  return summary;
}

}  // namespace aicl
