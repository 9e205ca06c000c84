// Pipeline: loads a diffusers text-to-video folder once and runs text -> noise -> denoising loop -> frames.
#include "aicl/pipeline.h"

#include <chrono>
#include <map>
#include <mutex>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "aicl/checkpoint_convert.h"
#include "aicl/error.h"
#include "aicl/logging.h"
#include "core/json_file.h"
#include "pipeline/latent_preview.h"
#include "pipeline/model_folder.h"
#include "sampling/guidance.h"
#include "sampling/noise.h"
#include "sampling/scheduler.h"
#include "text/clip_text_model.h"
#include "aicl/prompt_tokens.h"
#include "text/clip_tokenizer.h"
#include "backbone/denoiser.h"
#include "vae/autoencoder_kl.h"

namespace aicl {

struct Pipeline::Impl {
  ModelInfo info;
  PipelineOptions options;
  torch::Device device{torch::kCPU};
  torch::Dtype dtype = torch::kFloat32;
  std::shared_ptr<const text::ClipTokenizer> tokenizer;
  int64_t pad_id = 0;
  text::ClipTextModel text_encoder{nullptr};
  std::unique_ptr<backbone::Denoiser> denoiser;
  vae::AutoencoderKL vae{nullptr};  // null: pixel-space model
  SchedulerConfig scheduler_config;
  // The text encoder's states for one prompt: [1, 77, D].
  torch::Tensor encodeText(const std::string& text) {
    const auto tokens = tokenizer->encodeForModel(text, kTextContextLength, pad_id);
    return text_encoder->encode(torch::tensor(tokens.ids, torch::kLong).unsqueeze(0));
  }
  // Reference videos -> VAE latents [K, C, F, h, w]. Kept per file and sampling (the app regenerates with the
  // same references), so only new or changed files are decoded and encoded.
  torch::Tensor referenceLatents(const std::vector<ReferenceVideo>& references, int frames, int width, int height);
  // The only state runs share; the modules hold none (each run's AICL context is its own).
  std::map<std::string, torch::Tensor> reference_cache;
  std::mutex reference_cache_mutex;
};

namespace {

torch::Dtype torchDtype(Precision precision) {
  switch (precision) {
    case Precision::BF16: return torch::kBFloat16;
    case Precision::F16: return torch::kFloat16;
    default: return torch::kFloat32;
  }
}

}  // namespace

Pipeline::Pipeline() : impl_(std::make_unique<Impl>()) {}
Pipeline::~Pipeline() = default;
const ModelInfo& Pipeline::info() const { return impl_->info; }

std::shared_ptr<Pipeline> Pipeline::load(const std::filesystem::path& model_path, const PipelineOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  // A checkpoint file (e.g. EchoReel's checkpoint.pt) is converted once into a cached model folder.
  const auto folder_path = std::filesystem::is_regular_file(model_path) ? convertedCheckpointFolder(model_path) : model_path;
  std::shared_ptr<Pipeline> pipeline(new Pipeline());
  Impl& p = *pipeline->impl_;
  p.options = options;
  if (options.device == ComputeDevice::Cuda && !torch::cuda::is_available())
    throw Error("--device cuda: this LibTorch build or machine has no CUDA device");
  p.device = options.device == ComputeDevice::Cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  p.dtype = torchDtype(options.precision);
  if (options.precision == Precision::F16 && options.device == ComputeDevice::Cpu)
    throw Error("--dtype f16 is for CUDA; use bf16 or f32 on the CPU");

  const ModelFolder folder = locateModelFolder(folder_path);
  p.info = inspectLocatedModelFolder(folder, folder_path);
  p.tokenizer = std::make_unique<text::ClipTokenizer>(text::ClipTokenizer::load(folder.tokenizer_vocab, folder.tokenizer_merges));
  p.pad_id = p.tokenizer->tokenId(folder.pad_token);
  if (p.pad_id < 0)
    throw Error((folder.tokenizer_vocab.parent_path() / "tokenizer_config.json").string() + ": pad token '" +
                folder.pad_token + "' is not in the vocabulary");
  p.scheduler_config = SchedulerConfig::fromFile(folder.scheduler_config);
  p.text_encoder = text::loadClipTextModel(folder.text_encoder.dir, p.dtype, p.device);
  if (folder.vae) p.vae = vae::loadAutoencoderKL(folder.vae->dir, p.dtype, p.device);
  p.denoiser = backbone::loadDenoiser(folder, options.adapter_folder, p.dtype, p.device);
  p.info.has_adapter = p.denoiser->hasAdapter();
  p.info.adapter = p.denoiser->adapterDescription();

  // The parts must fit together: text width = the denoiser's text width, latent channels = its channels.
  const auto& denoiser = *p.denoiser;
  if (p.text_encoder->config().hidden_size != denoiser.textWidth())
    throw Error(folder.unet.config.string() + ": the cross-attention width " + std::to_string(denoiser.textWidth()) +
                " does not match the text encoder's hidden_size " +
                std::to_string(p.text_encoder->config().hidden_size));
  const int64_t latent_channels = p.vae ? p.vae->config().latent_channels : 3;
  if (denoiser.latentChannels() != latent_channels)
    throw Error(folder.unet.config.string() + ": in_channels " + std::to_string(denoiser.latentChannels()) +
                " does not match the " + (p.vae ? "VAE's latent channels " : "pixel channels ") + std::to_string(latent_channels));
  logger()->info("loaded {} in {:.1f} s ({}, {})", folder_path.string(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), toString(options.device),
                 toString(options.precision));
  return pipeline;
}

namespace {

// One reference video's frames as the pipeline samples them, [3, F, H, W] in [-1, 1].
torch::Tensor referencePixels(const ReferenceVideo& reference, int frames, int width, int height) {
  auto options = defaultDecodeOptions();
  options.sampling = reference.stride > 0 ? FrameSampling::Stride : FrameSampling::Count;
  options.stride = std::max(reference.stride, 1);
  options.count = reference.count > 0 ? reference.count : frames;
  options.start = reference.start;
  options.end = reference.end;
  options.target_width = width;
  options.target_height = height;
  auto decoded = decodeVideo(reference.path, options);
  if (decoded.empty()) throw Error(reference.path.string() + ": no frame could be decoded");
  if (static_cast<int>(decoded.size()) > frames) decoded.resize(static_cast<size_t>(frames));
  while (static_cast<int>(decoded.size()) < frames) decoded.push_back(decoded.back());  // short clips hold still
  return tensorFromFrames(decoded);
}

// What makes a reference's latents: the file as it is now (size and modification time) and the sampling.
std::string referenceKey(const ReferenceVideo& reference, int frames, int width, int height) {
  std::error_code error;
  const auto size = std::filesystem::file_size(reference.path, error);
  const auto time = std::filesystem::last_write_time(reference.path, error).time_since_epoch().count();
  std::ostringstream key;
  key << reference.path.string() << '\n' << size << ' ' << time << ' ' << reference.start << ' ' << reference.end << ' '
      << reference.count << ' ' << reference.stride << ' ' << frames << ' ' << width << 'x' << height;
  return key.str();
}

}  // namespace

torch::Tensor Pipeline::Impl::referenceLatents(const std::vector<ReferenceVideo>& references, int frames, int width,
                                               int height) {
  constexpr size_t kCachedReferences = 64;
  std::vector<torch::Tensor> latents(references.size());
  std::vector<size_t> missing;
  std::vector<std::string> keys;
  std::vector<torch::Tensor> pixels;
  {
    std::lock_guard<std::mutex> lock(reference_cache_mutex);
    for (size_t i = 0; i < references.size(); ++i) {
      keys.push_back(referenceKey(references[i], frames, width, height));
      const auto cached = reference_cache.find(keys.back());
      if (cached != reference_cache.end()) latents[i] = cached->second;
      else missing.push_back(i);
    }
  }
  if (missing.empty()) return torch::stack(latents);
  // Decoded and encoded outside the lock: another run may meanwhile encode the same file, which costs time only.
  for (const size_t i : missing) pixels.push_back(referencePixels(references[i], frames, width, height).to(device, dtype));
  const auto batch = torch::stack(pixels);  // [M, 3, F, H, W]
  const auto encoded = vae ? vae->encodeVideo(batch) : batch;
  std::lock_guard<std::mutex> lock(reference_cache_mutex);
  if (reference_cache.size() + missing.size() > kCachedReferences) reference_cache.clear();
  for (size_t j = 0; j < missing.size(); ++j) {
    latents[missing[j]] = encoded[static_cast<int64_t>(j)];
    reference_cache[keys[missing[j]]] = latents[missing[j]];
  }
  return torch::stack(latents);
}

GenerationResult Pipeline::generate(const GenerationRequest& request, const GenerationCallbacks& callbacks) const {
  Impl& p = *impl_;
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  if (request.prompt.size() > 100000) throw Error("prompt of " + std::to_string(request.prompt.size()) + " bytes is too long");
  const int scale = p.info.vae_scale;
  const int width = request.width > 0 ? request.width : p.info.native_width;
  const int height = request.height > 0 ? request.height : p.info.native_height;
  const int64_t factor = scale * p.denoiser->sizeMultiple();
  if (width % factor != 0 || height % factor != 0)
    throw Error("size " + std::to_string(width) + "x" + std::to_string(height) + " must be a multiple of " +
                std::to_string(factor) + " for this model");
  if (request.frames < 1 || request.steps < 1) throw Error("frames and steps must be at least 1");
  const bool with_references = !request.references.empty() && request.mode != GenerationMode::Baseline;
  if (with_references && !p.denoiser->hasAdapter())
    throw Error(p.info.folder.string() + ": this model has no AICL adapter (aicl/config.json); use --mode baseline");
  if (with_references && p.denoiser->maxFrames() > 0 && request.frames > p.denoiser->maxFrames())
    throw Error("AICL: " + std::to_string(request.frames) + " frames, the adapter handles at most " +
                std::to_string(p.denoiser->maxFrames()));

  c10::InferenceMode inference;
  GenerationResult result;
  const double aicl_scale = request.aicl_scale >= 0 ? request.aicl_scale : p.denoiser->defaultActionScale();
  nlohmann::json settings = {{"prompt", request.prompt}, {"negative_prompt", request.negative_prompt},
                             {"seed", request.seed},     {"steps", request.steps},
                             {"guidance", request.guidance}, {"frames", request.frames},
                             {"width", width},           {"height", height},
                             {"scheduler", toString(request.scheduler)}, {"eta", request.eta},
                             {"model", p.info.folder.string()}, {"dtype", toString(p.options.precision)},
                             {"mode", toString(with_references ? request.mode : GenerationMode::Baseline)},
                             {"generator", "AICL Studio"}};
  if (with_references) {
    settings["aicl_scale"] = aicl_scale;
    nlohmann::json refs = nlohmann::json::array();
    for (const auto& reference : request.references)
      refs.push_back({{"path", reference.path.string()}, {"caption", reference.caption}, {"start", reference.start},
                      {"end", reference.end}, {"count", reference.count}, {"stride", reference.stride}});
    settings["references"] = refs;
  }
  result.settings_json = settings.dump();

  // Text: conditional and (for guidance) unconditional embeddings in one batch.
  const bool guided = request.guidance > 1.0;
  const auto negative = p.encodeText(request.negative_prompt);
  const auto positive = p.encodeText(request.prompt);
  const std::string cut = promptCutWarning(PromptTokenCounter(p.tokenizer).count(request.prompt));
  if (!cut.empty()) logger()->warn("{}", cut);
  const auto text = guided ? torch::cat({negative, positive}) : positive;

  // The Action Prism depends only on the references and the prompt: once per generation, both guidance branches in
  // one call. The unconditional branch keeps the references and drops only the target prompt.
  std::unique_ptr<backbone::ActionContext> action;
  if (with_references) {
    backbone::ActionInput input;
    input.reference_latents = p.referenceLatents(request.references, request.frames, width, height);
    std::vector<torch::Tensor> captions;
    for (const auto& reference : request.references) captions.push_back(p.encodeText(reference.caption));
    input.captions = torch::cat(captions);
    input.prompts = text;
    input.frames = request.frames;
    input.scale = aicl_scale;
    action = p.denoiser->prepareAction(input);
    logger()->info("AICL: {} reference(s) and the Action Prism ready after {:.2f} s", captions.size(), elapsed());
  }

  // Seeded noise: the same seed gives the same video whatever the batch, guidance or mode.
  const int64_t channels = p.denoiser->latentChannels();
  const std::vector<int64_t> shape{channels, request.frames, height / scale, width / scale};
  std::vector<bool> runs;  // per denoising run: with AICL or not
  if (!with_references || request.mode == GenerationMode::Both) runs.push_back(false);
  if (with_references) runs.push_back(true);
  const int total_steps = request.steps * static_cast<int>(runs.size());
  int done_steps = 0;
  for (const bool aicl : runs) {
    auto scheduler = makeScheduler(p.scheduler_config, request.scheduler);
    scheduler->setTimesteps(request.steps);
    auto streams = std::make_shared<NoiseStreams>(std::vector<uint64_t>{request.seed},
                                                  p.scheduler_config.frame_noise_correlation);
    auto latents = (streams->next(shape, torch::kFloat32) * scheduler->initNoiseSigma()).to(p.device);
    if (request.eta > 0) scheduler->setEta(request.eta, streams);
    for (const int64_t t : scheduler->timesteps()) {
      if (callbacks.cancelled && callbacks.cancelled()) {
        result = GenerationResult{};
        result.cancelled = true;
        result.seconds = elapsed();
        return result;
      }
      auto model_input = scheduler->scaleModelInput(latents, t).to(p.dtype);
      if (guided) model_input = torch::cat({model_input, model_input});
      auto prediction = p.denoiser->predictNoise(model_input, torch::tensor(t, torch::kLong), text,
                                                 aicl ? action.get() : nullptr)
                            .to(torch::kFloat32);
      if (guided) {
        auto halves = prediction.chunk(2);
        prediction = guidance(halves[0], halves[1], request.guidance);
      }
      latents = scheduler->step(prediction, t, latents).prev_sample;
      ++done_steps;
      if (callbacks.progress) callbacks.progress(done_steps, total_steps, elapsed());
      if (callbacks.preview && request.preview_every > 0 && done_steps % request.preview_every == 0)
        callbacks.preview(done_steps, previewFrames(latents[0]));
    }
    if (callbacks.cancelled && callbacks.cancelled()) {
      result = GenerationResult{};
      result.cancelled = true;
      result.seconds = elapsed();
      return result;
    }
    const auto pixels = p.vae ? p.vae->decodeVideo(latents.to(p.dtype)) : latents;
    (aicl || runs.size() == 1 ? result.frames : result.baseline_frames) = framesFromTensor(pixels[0]);
  }
  result.seconds = elapsed();
  return result;
}

FeatureResult Pipeline::actionFeatures(const FeatureRequest& request) const {
  Impl& p = *impl_;
  if (!p.denoiser->hasAdapter()) throw Error(p.info.folder.string() + ": this model has no AICL adapter (aicl/config.json)");
  if (request.references.empty() && request.generated.empty()) throw Error("features: no video given");
  const int width = request.width > 0 ? request.width : p.info.native_width;
  const int height = request.height > 0 ? request.height : p.info.native_height;
  c10::InferenceMode inference;
  const auto prompt = p.encodeText(request.prompt);
  FeatureResult result;
  std::vector<torch::Tensor> all_tokens;
  auto add = [&](const ReferenceVideo& video, const std::string& caption, bool generated) {
    const auto latents = p.referenceLatents({video}, request.frames, width, height);
    const auto tokens = p.denoiser->frameFeatures(latents, p.encodeText(caption), prompt).to(torch::kFloat32).contiguous();
    VideoFeatures features;
    features.label = video.path.filename().string();
    features.generated = generated;
    for (int64_t f = 0; f < tokens.size(0); ++f) {
      const auto row = tokens[f].contiguous();
      features.tokens.emplace_back(row.data_ptr<float>(), row.data_ptr<float>() + row.numel());
    }
    result.videos.push_back(std::move(features));
    all_tokens.push_back(tokens);
  };
  for (const auto& reference : request.references) add(reference, reference.caption, false);
  for (const auto& path : request.generated) add(ReferenceVideo{path, request.prompt}, request.prompt, true);

  // PCA over every frame token of every video.
  const auto tokens = torch::cat(all_tokens).to(torch::kFloat64);  // [M, D]
  const auto centred = tokens - tokens.mean(0, true);
  const auto [u, s, v] = torch::linalg_svd(centred, false);
  const auto variance = s.pow(2);
  const double total = std::max(variance.sum().item<double>(), 1e-30);
  const int64_t components = std::min<int64_t>(3, s.size(0));
  for (int64_t c = 0; c < components; ++c) result.explained_variance[static_cast<size_t>(c)] = variance[c].item<double>() / total;
  const auto projected = centred.matmul(v.narrow(0, 0, components).t());  // [M, components]
  int64_t row = 0;
  for (auto& video : result.videos) {
    for (size_t f = 0; f < video.tokens.size(); ++f, ++row) {
      std::array<double, 3> point{};
      for (int64_t c = 0; c < components; ++c) point[static_cast<size_t>(c)] = projected[row][c].item<double>();
      video.pca.push_back(point);
    }
  }
  return result;
}

std::string FeatureResult::toJson() const {
  nlohmann::json out = {{"explained_variance", explained_variance}, {"videos", nlohmann::json::array()}};
  for (const auto& video : videos) {
    nlohmann::json pca2 = nlohmann::json::array(), pca3 = nlohmann::json::array();
    for (const auto& point : video.pca) {
      pca2.push_back({point[0], point[1]});
      pca3.push_back({point[0], point[1], point[2]});
    }
    out["videos"].push_back({{"label", video.label}, {"generated", video.generated}, {"pca2", pca2}, {"pca3", pca3},
                             {"tokens", video.tokens}});
  }
  return out.dump();
}

}  // namespace aicl
