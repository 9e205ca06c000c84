// The three trainers behind aicl::trainModel(): VAE, backbone (UNet3D + text encoder) and AICL adapter.
#include "aicl/training.h"

#include <nlohmann/json.hpp>

#include "aicl/actionworld.h"
#include "aicl/adapter.h"
#include "aicl/error.h"
#include "aicl/logging.h"
#include "core/json_file.h"
#include "io/weight_loader.h"
#include "pipeline/model_folder.h"
#include "sampling/noise_schedule.h"
#include "sampling/scheduler_config.h"
#include "text/clip_text_model.h"
#include "text/clip_tokenizer.h"
#include "train/clip_dataset.h"
#include "train/diffusion_tasks.h"
#include "train/train_loop.h"
#include "unet/unet3d.h"
#include "vae/autoencoder_kl.h"

namespace aicl {
namespace fs = std::filesystem;
using train::ClipDataset;
using train::kTextTokens;
using train::LatentClips;

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

void freeze(torch::nn::Module& module) {
  for (auto& parameter : module.parameters()) parameter.set_requires_grad(false);
  module.eval();
}

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
  std::vector<std::pair<std::string, torch::Tensor>> trainableParameters() override { return train::namedParameters(*model_, ""); }

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

torch::Tensor tokenIds(const text::ClipTokenizer& tokenizer, const std::vector<std::string>& texts, int64_t pad_id) {
  auto ids = torch::empty({static_cast<int64_t>(texts.size()), kTextTokens}, torch::kLong);
  for (size_t i = 0; i < texts.size(); ++i) {
    const auto tokens = tokenizer.encodeForModel(texts[i], kTextTokens, pad_id).ids;
    ids[static_cast<int64_t>(i)].copy_(torch::tensor(tokens, torch::kLong));
  }
  return ids;
}

LatentClips latentClips(const ClipDataset& data, torch::Tensor latents, torch::Tensor text) {
  LatentClips clips;
  clips.latents = std::move(latents);
  clips.text = std::move(text);
  clips.same_action = data.same_action;
  return clips;
}

// The validation splits of a run with validation: `count` seen-action clips of the training data (left out of
// training, as targets and as references) and `count` clips of the held-out data. `encode_text` turns captions
// into the task's text input.
std::vector<train::ValidationSplit> validationSplits(const TrainingRequest& request, LatentClips& training,
                                                     const ClipDataset& data, vae::AutoencoderKL& vae,
                                                     const std::function<torch::Tensor(const std::vector<std::string>&)>& encode_text,
                                                     const NoiseSchedule& schedule, const TrainingCallbacks& callbacks) {
  std::vector<train::ValidationSplit> splits;
  if (request.validate_every <= 0) return splits;
  // Each seen action keeps a training target and a reference for it.
  const auto seen = train::pickValidationClips(data.actions, data.same_action, request.validation_clips, 2);
  train::excludeClips(training, seen);  // the seen targets' references then come from the training clips
  splits.push_back(train::makeValidationSplit("seen", training, seen, schedule, request.seed));
  if (!request.validation_data.empty()) {
    const auto held_out = train::loadClipDataset(request.validation_data, request.frames, request.size);
    auto clips = latentClips(held_out, encodeDataset(vae, held_out, callbacks), encode_text(held_out.captions));
    const auto targets = train::pickValidationClips(held_out.actions, held_out.same_action, request.validation_clips, 1);
    splits.push_back(train::makeValidationSplit("held_out", clips, targets, schedule, request.seed));
  }
  return splits;
}

train::DiffusionTaskOptions diffusionOptions(const TrainingRequest& request) {
  train::DiffusionTaskOptions options;
  options.condition_dropout = request.condition_dropout;
  options.min_snr_gamma = request.min_snr_gamma;
  options.action_dropout = request.action_dropout;
  options.output_projection_lr_multiplier = request.output_lr_multiplier;
  return options;
}

// ---- Backbone: UNet3D + CLIP text encoder from scratch, on a frozen VAE ----------------------------------------

std::unique_ptr<train::TrainingTask> makeBackboneTask(const TrainingRequest& request, const ClipDataset& data,
                                                      const TrainingCallbacks& callbacks) {
  const auto& recipe = request.config;
  const auto staging = request.out / "model.staging";
  auto vae = vae::loadAutoencoderKL(request.vae);
  freeze(*vae);
  // Tokenizer from the captions; the text encoder's vocabulary follows it.
  text::writeCaptionVocabulary(data.captions, staging / "tokenizer");
  writeJsonFile(staging / "tokenizer" / "tokenizer_config.json", {{"pad_token", "<|endoftext|>"}, {"model_max_length", kTextTokens}});
  auto tokenizer = text::ClipTokenizer::load(staging / "tokenizer" / "vocab.json", staging / "tokenizer" / "merges.txt");
  auto text_config = readJsonFile(recipe / "text_encoder.json");
  text_config["vocab_size"] = tokenizer.eosId() + 1;
  text_config["eos_token_id"] = tokenizer.eosId();
  text_config["bos_token_id"] = tokenizer.bosId();
  text_config["pad_token_id"] = tokenizer.eosId();
  text_config["max_position_embeddings"] = kTextTokens;
  text_config["_class_name"] = "CLIPTextModel";
  fs::create_directories(staging / "text_encoder");
  writeJsonFile(staging / "text_encoder" / "config.json", text_config);
  text::ClipTextModel text_encoder(text::ClipTextConfig::fromFile(staging / "text_encoder" / "config.json"));
  train::BackboneExport export_info;
  export_info.unet_config = readJsonFile(recipe / "unet.json");
  export_info.unet_config["_class_name"] = "UNet3DConditionModel";
  unet::UNet3DConditionModel unet(unet::UNet3DConfig::fromJson(export_info.unet_config, recipe / "unet.json"));
  export_info.scheduler_config = readJsonFile(recipe / "scheduler.json");
  export_info.tokenizer_and_text_config = staging;
  export_info.vae_folder = request.vae;
  auto schedule = std::make_shared<const NoiseSchedule>(SchedulerConfig::fromFile(recipe / "scheduler.json"));
  auto encode_text = [&](const std::vector<std::string>& captions) { return tokenIds(tokenizer, captions, tokenizer.eosId()); };
  auto clips = latentClips(data, encodeDataset(vae, data, callbacks), encode_text(data.captions));
  auto validation = validationSplits(request, clips, data, vae, encode_text, *schedule, callbacks);
  return std::make_unique<train::BackboneTask>(unet, text_encoder, std::move(clips), encode_text({""}), schedule,
                                               diffusionOptions(request), std::move(validation), export_info);
}

// ---- Adapter: Action Prism + Action Integration on a frozen backbone -------------------------------------------

std::unique_ptr<train::TrainingTask> makeAdapterTask(const TrainingRequest& request, const ClipDataset& data,
                                                     const TrainingCallbacks& callbacks) {
  const ModelFolder model = locateModelFolder(request.model);
  if (!model.vae) throw Error(request.model.string() + ": adapter training needs a model with a VAE");
  if (model.unet_class != "UNet3DConditionModel")
    throw Error(model.unet.config.string() + ": adapter training is for UNet3DConditionModel backbones, not " + model.unet_class);
  auto vae = vae::loadAutoencoderKL(model.vae->dir);
  freeze(*vae);
  auto tokenizer = text::ClipTokenizer::load(model.tokenizer_vocab, model.tokenizer_merges);
  const int64_t pad_id = tokenizer.tokenId(model.pad_token);
  if (pad_id < 0) throw Error(model.tokenizer_vocab.string() + ": pad token '" + model.pad_token + "' is not in the vocabulary");
  auto text_encoder = text::loadClipTextModel(model.text_encoder.dir);
  freeze(*text_encoder);
  auto encode_text = [&](const std::vector<std::string>& captions) {
    torch::NoGradGuard no_grad;
    return text_encoder->encode(tokenIds(tokenizer, captions, pad_id));
  };
  auto clips = latentClips(data, encodeDataset(vae, data, callbacks), encode_text(data.captions));
  if (request.action_dropout > 0.0) {
    std::vector<std::string> stripped;
    for (size_t i = 0; i < data.captions.size(); ++i)  // the phrase of the index's action column
      stripped.push_back(actionworld::withoutActionPhrase(data.captions[i], actionworld::parseAction(data.actions[i])));
    clips.text_without_action = encode_text(stripped);
  }
  auto unet = unet::loadUNet3D(model.unet.dir);
  freeze(*unet);
  train::FrozenFingerprint frozen;
  frozen.add("unet.", *unet);
  frozen.add("text_encoder.", *text_encoder);
  frozen.add("vae.", *vae);
  auto schedule = std::make_shared<const NoiseSchedule>(SchedulerConfig::fromFile(model.scheduler_config));
  auto validation = validationSplits(request, clips, data, vae, encode_text, *schedule, callbacks);

  // The recipe gives the sizes; the shapes that must fit the backbone come from it.
  auto config_json = readJsonFile(request.config);
  auto& prism = config_json["action_prism"];
  prism["latent_channels"] = clips.latents.size(1);
  prism["frames"] = clips.latents.size(2);
  prism["latent_height"] = clips.latents.size(3);
  prism["latent_width"] = clips.latents.size(4);
  prism["text_dim"] = clips.text.size(2);
  config_json["action_integration"]["block_channels"] = unet->temporalHookChannels();
  adapter::AiclAdapter adapter(adapter::AdapterConfig::fromJson(config_json, request.config));
  auto empty_text = encode_text({""});
  return std::make_unique<train::AdapterTask>(unet, adapter, std::move(clips), empty_text, schedule,
                                              diffusionOptions(request), std::move(validation), std::move(frozen));
}

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
      task = makeBackboneTask(request, *data, callbacks);
      break;
    case TrainingTarget::Adapter:
      if (request.model.empty()) throw Error("--model: the backbone model folder is required");
      task = makeAdapterTask(request, *data, callbacks);
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
  options.ema_decay = request.ema_decay;
  options.ema_warmup = request.ema_warmup;
  options.validate_every = request.validate_every;
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
