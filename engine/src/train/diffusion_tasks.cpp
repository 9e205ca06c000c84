#include "train/diffusion_tasks.h"

#include <algorithm>
#include <map>

#include "aicl/error.h"
#include "core/json_file.h"
#include "io/weight_loader.h"
#include "sampling/noise.h"

namespace aicl::train {
namespace fs = std::filesystem;

namespace {

torch::Tensor indexTensor(const std::vector<int64_t>& indices) { return torch::tensor(indices, torch::kLong); }

// Latents are [N, C, F, h, w].
constexpr int64_t kFrameDim = 2;

// Validation forwards go in chunks of this many targets (bounded memory on large sets).
constexpr int64_t kValidationChunk = 8;

// Sum over targets of the per-target epsilon MSE.
double summedMse(const torch::Tensor& prediction, const torch::Tensor& noise) {
  return (prediction.to(torch::kFloat32) - noise).pow(2).flatten(1).mean(1).sum().item<double>();
}

// For every bucket of `split`, the mean over its targets of what `loss_sum(first, count, timesteps)` sums.
std::vector<double> perBucketLoss(const ValidationSplit& split,
                                  const std::function<double(int64_t first, int64_t count, const torch::Tensor& t)>& loss_sum) {
  const int64_t n = split.latents.size(0);
  std::vector<double> losses;
  for (int64_t b = 0; b < split.timesteps.size(0); ++b) {
    double total = 0.0;
    for (int64_t first = 0; first < n; first += kValidationChunk) {
      const int64_t count = std::min(kValidationChunk, n - first);
      total += loss_sum(first, count, split.timesteps[b].narrow(0, first, count));
    }
    losses.push_back(total / static_cast<double>(n));
  }
  return losses;
}

std::vector<ValidationRow> rowsOf(const ValidationSplit& split, int64_t train_timesteps, const std::vector<double>& backbone,
                                  const std::vector<double>& aicl) {
  std::vector<ValidationRow> rows;
  const int64_t buckets = split.timesteps.size(0);
  for (int64_t b = 0; b < buckets; ++b) {
    ValidationRow row;
    row.split = split.name;
    row.t_min = b * train_timesteps / buckets;
    row.t_max = (b + 1) * train_timesteps / buckets;
    row.loss_backbone = backbone[static_cast<size_t>(b)];
    if (!aicl.empty()) row.loss_aicl = aicl[static_cast<size_t>(b)];
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

torch::Tensor LatentClips::draw(int64_t count, at::Generator& generator) const {
  if (training.empty()) return torch::randint(size(), {count}, generator, torch::kLong);
  const auto slots = torch::randint(static_cast<int64_t>(training.size()), {count}, generator, torch::kLong);
  return indexTensor(training).index_select(0, slots);
}

std::vector<int64_t> pickValidationClips(const std::vector<std::string>& actions,
                                         const std::vector<std::vector<int64_t>>& same_action, int64_t count, size_t keep) {
  std::map<std::string, std::vector<int64_t>> by_action;
  for (size_t i = 0; i < actions.size(); ++i)
    if (!same_action[i].empty()) by_action[actions[i]].push_back(static_cast<int64_t>(i));
  std::vector<int64_t> picked;
  for (size_t round = 0; static_cast<int64_t>(picked.size()) < count; ++round) {
    bool any = false;
    for (const auto& [action, clips] : by_action) {
      if (round + keep >= clips.size()) continue;
      any = true;
      picked.push_back(clips[round]);
      if (static_cast<int64_t>(picked.size()) == count) break;
    }
    if (!any) break;
  }
  return picked;
}

void excludeClips(LatentClips& clips, const std::vector<int64_t>& excluded) {
  std::vector<bool> out(static_cast<size_t>(clips.size()), false);
  for (int64_t i : excluded) out[static_cast<size_t>(i)] = true;
  clips.training.clear();
  for (int64_t i = 0; i < clips.size(); ++i)
    if (!out[static_cast<size_t>(i)]) clips.training.push_back(i);
  for (auto& pool : clips.same_action)
    pool.erase(std::remove_if(pool.begin(), pool.end(), [&](int64_t i) { return out[static_cast<size_t>(i)]; }), pool.end());
}

ValidationSplit makeValidationSplit(const std::string& name, const LatentClips& clips, const std::vector<int64_t>& targets,
                                    const NoiseSchedule& schedule, uint64_t seed) {
  if (targets.empty())
    throw Error("validation: no " + name + " clip can be set aside (an action needs at least " +
                (name == "seen" ? std::string("3 clips in the training data") : std::string("2 clips in --validation-data")) + ")");
  ValidationSplit split;
  split.name = name;
  std::vector<int64_t> references;
  for (int64_t target : targets) {
    const auto& pool = clips.same_action[static_cast<size_t>(target)];
    if (pool.empty()) throw Error("validation: the action of " + name + " clip " + std::to_string(target) + " has a single clip");
    for (int64_t j = 0; j < kValidationReferences; ++j)  // spread over the pool (repeats when it is small)
      references.push_back(pool[static_cast<size_t>(j) * pool.size() / kValidationReferences]);
  }
  const auto index = indexTensor(targets), reference_index = indexTensor(references);
  split.latents = clips.latents.index_select(0, index);
  split.text = clips.text.index_select(0, index);
  split.references = clips.latents.index_select(0, reference_index);
  split.reference_text = clips.text.index_select(0, reference_index);
  auto generator = stepGenerator(seed, -1, name == "seen" ? 1 : 2);
  split.noise = correlateFrames(torch::randn(split.latents.sizes(), generator), schedule.frame_noise_correlation, kFrameDim);
  const int64_t n = static_cast<int64_t>(targets.size()), width = schedule.betas.size(0) / kValidationBuckets;
  const auto offsets = torch::arange(kValidationBuckets, torch::kLong).mul(width).unsqueeze(1);
  split.timesteps = offsets + torch::randint(width, {kValidationBuckets, n}, generator, torch::kLong);
  return split;
}

torch::Tensor noiseLoss(const torch::Tensor& prediction, const torch::Tensor& noise, const torch::Tensor& timesteps,
                        const NoiseSchedule& schedule, double min_snr_gamma) {
  if (min_snr_gamma <= 0.0) return torch::mse_loss(prediction, noise);
  // Min-SNR (Hang et al. 2023): min(SNR_t, gamma) / SNR_t lowers the weight of the nearly clean timesteps, so more
  // of the gradient goes to the noisy ones that decide layout and motion.
  const auto per_sample = (prediction.to(torch::kFloat32) - noise).pow(2).flatten(1).mean(1);
  const auto alpha = schedule.alphas_cumprod.index_select(0, timesteps);
  const auto snr = alpha / (1.0 - alpha);
  return (per_sample * snr.clamp_max(min_snr_gamma) / snr).mean();
}

// ---- Backbone -------------------------------------------------------------------------------------------------

BackboneTask::BackboneTask(unet::UNet3DConditionModel unet, text::ClipTextModel text_encoder, LatentClips clips,
                           torch::Tensor empty_ids, std::shared_ptr<const NoiseSchedule> schedule, DiffusionTaskOptions options,
                           std::vector<ValidationSplit> validation, BackboneExport export_info)
    : unet_(std::move(unet)), text_encoder_(std::move(text_encoder)), clips_(std::move(clips)),
      empty_ids_(std::move(empty_ids)), schedule_(std::move(schedule)), options_(options),
      validation_(std::move(validation)), export_(std::move(export_info)) {
  text_encoder_->train();
  unet_->train();
}

std::vector<std::pair<std::string, torch::Tensor>> BackboneTask::trainableParameters() {
  auto named = namedParameters(*unet_, "unet.");
  for (auto& item : namedParameters(*text_encoder_, "text_encoder.")) named.push_back(item);
  return named;
}

namespace {
bool isFramePositionEmbedding(const std::string& name) {
  const std::string suffix = ".frame_position_embedding";
  return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

double BackboneTask::learningRateMultiplier(const std::string& name) const {
  return isFramePositionEmbedding(name) ? options_.output_projection_lr_multiplier : 1.0;
}

bool BackboneTask::mayBeAbsentFromCheckpoint(const std::string& name) const { return isFramePositionEmbedding(name); }

torch::Tensor BackboneTask::loss(int64_t, int64_t first, int64_t count, int64_t batch, at::Generator& generator) {
  const auto clips = clips_.draw(batch, generator).narrow(0, first, count);
  const auto timesteps = torch::randint(schedule_->betas.size(0), {batch}, generator, torch::kLong).narrow(0, first, count);
  auto shape = clips_.latents.sizes().vec();
  shape[0] = batch;
  const auto noise = correlateFrames(torch::randn(shape, generator), schedule_->frame_noise_correlation, kFrameDim)
                         .narrow(0, first, count);
  const auto dropped = (torch::rand({batch}, generator) < options_.condition_dropout).narrow(0, first, count);
  const auto x0 = clips_.latents.index_select(0, clips);
  const auto ids = torch::where(dropped.unsqueeze(1), empty_ids_.expand({count, kTextTokens}), clips_.text.index_select(0, clips));
  const auto prediction = unet_->forward(schedule_->addNoise(x0, noise, timesteps), timesteps, text_encoder_->encode(ids));
  return noiseLoss(prediction, noise, timesteps, *schedule_, options_.min_snr_gamma);
}

std::vector<ValidationRow> BackboneTask::validate() {
  std::vector<ValidationRow> rows;
  unet_->eval();
  text_encoder_->eval();
  for (const auto& split : validation_) {
    const auto losses = perBucketLoss(split, [&](int64_t first, int64_t count, const torch::Tensor& t) {
      const auto noise = split.noise.narrow(0, first, count);
      const auto noisy = schedule_->addNoise(split.latents.narrow(0, first, count), noise, t);
      return summedMse(unet_->forward(noisy, t, text_encoder_->encode(split.text.narrow(0, first, count))), noise);
    });
    for (auto& row : rowsOf(split, schedule_->betas.size(0), losses, {})) rows.push_back(row);
  }
  unet_->train();
  text_encoder_->train();
  return rows;
}

void BackboneTask::exportModel(const fs::path& dir) {
  fs::create_directories(dir);
  for (const char* part : {"tokenizer", "text_encoder"}) {
    fs::remove_all(dir / part);
    fs::copy(export_.tokenizer_and_text_config / part, dir / part, fs::copy_options::recursive);
  }
  saveModuleWeights(*text_encoder_, dir / "text_encoder" / "model.safetensors");
  fs::create_directories(dir / "unet");
  writeJsonFile(dir / "unet" / "config.json", export_.unet_config);
  saveModuleWeights(*unet_, dir / "unet" / "diffusion_pytorch_model.safetensors");
  fs::create_directories(dir / "scheduler");
  writeJsonFile(dir / "scheduler" / "scheduler_config.json", export_.scheduler_config);
  fs::remove_all(dir / "vae");
  fs::copy(export_.vae_folder, dir / "vae", fs::copy_options::recursive);
  writeJsonFile(dir / "model_index.json", {{"_class_name", "TextToVideoSDPipeline"},
                                           {"unet", {"diffusers", "UNet3DConditionModel"}},
                                           {"vae", {"diffusers", "AutoencoderKL"}},
                                           {"text_encoder", {"transformers", "CLIPTextModel"}},
                                           {"tokenizer", {"transformers", "CLIPTokenizer"}},
                                           {"scheduler", {"diffusers", "DDIMScheduler"}}});
}

// ---- Frozen fingerprint ---------------------------------------------------------------------------------------

namespace {
std::pair<double, double> measure(const torch::Tensor& t) {
  torch::NoGradGuard no_grad;
  const auto d = t.to(torch::kFloat64);
  return {d.sum().item<double>(), d.pow(2).sum().item<double>()};
}
}  // namespace

void FrozenFingerprint::add(const std::string& prefix, torch::nn::Module& module) {
  for (const auto& item : module.named_parameters()) entries_.push_back({prefix + item.key(), item.value(), measure(item.value())});
}

int64_t FrozenFingerprint::verify() const {
  for (const auto& entry : entries_)
    if (measure(entry.tensor) != entry.fingerprint)
      throw Error("training changed the frozen tensor " + entry.name + " (it must stay fixed)");
  return static_cast<int64_t>(entries_.size());
}

// ---- Adapter --------------------------------------------------------------------------------------------------

AdapterTask::AdapterTask(unet::UNet3DConditionModel unet, adapter::AiclAdapter adapter, LatentClips clips,
                         torch::Tensor empty_text, std::shared_ptr<const NoiseSchedule> schedule, DiffusionTaskOptions options,
                         std::vector<ValidationSplit> validation, FrozenFingerprint frozen)
    : unet_(std::move(unet)), adapter_(std::move(adapter)), clips_(std::move(clips)), empty_text_(std::move(empty_text)),
      schedule_(std::move(schedule)), options_(options), validation_(std::move(validation)), frozen_(std::move(frozen)) {
  if (options_.min_references < 1 || options_.max_references < options_.min_references)
    throw Error("adapter training: references must be 1 <= min <= max");
  if (options_.action_dropout > 0.0 && !clips_.text_without_action.defined())
    throw Error("adapter training: action-phrase dropout needs the prompts without their action phrase");
  adapter_->train();
}

std::vector<std::pair<std::string, torch::Tensor>> AdapterTask::trainableParameters() { return namedParameters(*adapter_, ""); }

double AdapterTask::learningRateMultiplier(const std::string& name) const {
  const bool output_projection =
      name.rfind("action_integration.", 0) == 0 && name.find(".attention.to_out.") != std::string::npos;
  return output_projection ? options_.output_projection_lr_multiplier : 1.0;
}

torch::Tensor AdapterTask::predictWithReferences(const torch::Tensor& noisy, const torch::Tensor& timesteps,
                                                 const torch::Tensor& text, const torch::Tensor& references,
                                                 const torch::Tensor& reference_text, int64_t k) {
  const int64_t count = noisy.size(0);
  // Action Prism text per reference: its caption's tokens, then the target prompt's.
  const auto prism_text = torch::cat({reference_text, text.repeat_interleave(k, 0)}, 1);
  const auto tokens = adapter_->action_prism(references, prism_text);  // [count*k, F, D]
  const auto context = tokens.reshape({count, k * tokens.size(1), tokens.size(2)});
  const unet::TemporalHookSlot hook{adapter_->hook(context, tokens.size(1), 1.0), adapter_->hookPosition()};
  return unet_->forward(noisy, timesteps, text, {}, &hook);
}

torch::Tensor AdapterTask::loss(int64_t, int64_t first, int64_t count, int64_t batch, at::Generator& generator) {
  // K references per target for this step, drawn from the other clips of the target's action.
  const int64_t k = options_.min_references +
                    torch::randint(options_.max_references - options_.min_references + 1, {1}, generator, torch::kLong).item<int64_t>();
  const auto all_clips = clips_.draw(batch, generator);
  const auto picks = torch::rand({batch, k}, generator);
  const auto timesteps = torch::randint(schedule_->betas.size(0), {batch}, generator, torch::kLong).narrow(0, first, count);
  auto shape = clips_.latents.sizes().vec();
  shape[0] = batch;
  const auto noise = correlateFrames(torch::randn(shape, generator), schedule_->frame_noise_correlation, kFrameDim)
                         .narrow(0, first, count);
  const auto dropped = (torch::rand({batch}, generator) < options_.condition_dropout).narrow(0, first, count);
  const auto clips = all_clips.narrow(0, first, count);
  // Drawn last, and only when asked for, so runs without it draw exactly as before.
  const auto action_dropped = options_.action_dropout > 0.0
                                  ? (torch::rand({batch}, generator) < options_.action_dropout).narrow(0, first, count)
                                  : torch::Tensor();

  std::vector<int64_t> references;
  for (int64_t b = first; b < first + count; ++b) {
    const int64_t clip = all_clips[b].item<int64_t>();
    const auto& pool = clips_.same_action[static_cast<size_t>(clip)];
    if (pool.empty()) throw Error("adapter training: the action of clip " + std::to_string(clip) + " has a single clip");
    for (int64_t j = 0; j < k; ++j) {
      const auto slot = std::min<int64_t>(static_cast<int64_t>(pool.size()) - 1,
                                          static_cast<int64_t>(picks[b][j].item<double>() * static_cast<double>(pool.size())));
      references.push_back(pool[static_cast<size_t>(slot)]);
    }
  }
  const auto reference_index = indexTensor(references);
  // Target text: the prompt (without its action phrase when that is dropped), or the empty prompt when the whole
  // prompt is dropped (the unconditional branch keeps the references).
  auto prompt = clips_.text.index_select(0, clips);
  if (action_dropped.defined())
    prompt = torch::where(action_dropped.view({count, 1, 1}), clips_.text_without_action.index_select(0, clips), prompt);
  const auto target_text = torch::where(dropped.view({count, 1, 1}), empty_text_.expand({count, kTextTokens, prompt.size(2)}), prompt);
  const auto prediction = predictWithReferences(schedule_->addNoise(clips_.latents.index_select(0, clips), noise, timesteps),
                                                timesteps, target_text, clips_.latents.index_select(0, reference_index),
                                                clips_.text.index_select(0, reference_index), k);
  return noiseLoss(prediction, noise, timesteps, *schedule_, options_.min_snr_gamma);
}

std::vector<ValidationRow> AdapterTask::validate() {
  const bool first_time = backbone_losses_.empty();
  std::vector<ValidationRow> rows;
  adapter_->eval();
  for (size_t s = 0; s < validation_.size(); ++s) {
    const auto& split = validation_[s];
    auto noisy = [&](int64_t first, int64_t count, const torch::Tensor& t) {
      return schedule_->addNoise(split.latents.narrow(0, first, count), split.noise.narrow(0, first, count), t);
    };
    if (first_time)  // the backbone is frozen: its losses are the same at every validation
      backbone_losses_.push_back(perBucketLoss(split, [&](int64_t first, int64_t count, const torch::Tensor& t) {
        return summedMse(unet_->forward(noisy(first, count, t), t, split.text.narrow(0, first, count)),
                         split.noise.narrow(0, first, count));
      }));
    const auto aicl = perBucketLoss(split, [&](int64_t first, int64_t count, const torch::Tensor& t) {
      const int64_t k = kValidationReferences;
      const auto prediction = predictWithReferences(noisy(first, count, t), t, split.text.narrow(0, first, count),
                                                    split.references.narrow(0, first * k, count * k),
                                                    split.reference_text.narrow(0, first * k, count * k), k);
      return summedMse(prediction, split.noise.narrow(0, first, count));
    });
    for (auto& row : rowsOf(split, schedule_->betas.size(0), backbone_losses_[s], aicl)) rows.push_back(row);
  }
  adapter_->train();
  return rows;
}

void AdapterTask::exportModel(const fs::path& dir) { adapter::saveAiclAdapter(adapter_, dir / "aicl"); }

int64_t AdapterTask::verifyFrozen() { return frozen_.verify(); }

}  // namespace aicl::train
