// Pipeline: loads a diffusers text-to-video folder once and runs text -> noise -> denoising loop -> frames.
#include "aicl/pipeline.h"

#include <chrono>
#include <mutex>

#include <nlohmann/json.hpp>

#include "aicl/error.h"
#include "aicl/logging.h"
#include "core/json_file.h"
#include "pipeline/latent_preview.h"
#include "pipeline/model_folder.h"
#include "sampling/guidance.h"
#include "sampling/noise.h"
#include "sampling/scheduler.h"
#include "text/clip_text_model.h"
#include "text/clip_tokenizer.h"
#include "unet/unet3d.h"
#include "vae/autoencoder_kl.h"

namespace aicl {

struct Pipeline::Impl {
  ModelInfo info;
  PipelineOptions options;
  torch::Device device{torch::kCPU};
  torch::Dtype dtype = torch::kFloat32;
  std::unique_ptr<text::ClipTokenizer> tokenizer;
  int64_t pad_id = 0;
  text::ClipTextModel text_encoder{nullptr};
  unet::UNet3DConditionModel unet{nullptr};
  vae::AutoencoderKL vae{nullptr};  // null: pixel-space model
  SchedulerConfig scheduler_config;
  // One run at a time per pipeline: modules hold no per-run state, but the UNet's AICL hook is shared.
  mutable std::mutex run_mutex;
};

namespace {

torch::Dtype torchDtype(Precision precision) {
  switch (precision) {
    case Precision::BF16: return torch::kBFloat16;
    case Precision::F16: return torch::kFloat16;
    default: return torch::kFloat32;
  }
}

// tokenizer_config.json's pad token (ModelScope pads with "!" = 0); CLIPTokenizer's default is the end token.
int64_t padTokenId(const ModelFolder& folder, const text::ClipTokenizer& tokenizer) {
  const auto config_path = folder.tokenizer_vocab.parent_path() / "tokenizer_config.json";
  std::string pad = "<|endoftext|>";
  if (std::filesystem::exists(config_path)) {
    const auto config = readJsonFile(config_path);
    if (config.contains("pad_token") && config["pad_token"].is_string()) pad = config["pad_token"];
    if (config.contains("pad_token") && config["pad_token"].is_object()) pad = config["pad_token"].value("content", pad);
  }
  const int64_t id = tokenizer.tokenId(pad);
  if (id < 0) throw Error(config_path.string() + ": pad token '" + pad + "' is not in the vocabulary");
  return id;
}

}  // namespace

Pipeline::Pipeline() : impl_(std::make_unique<Impl>()) {}
Pipeline::~Pipeline() = default;
const ModelInfo& Pipeline::info() const { return impl_->info; }

std::shared_ptr<Pipeline> Pipeline::load(const std::filesystem::path& folder_path, const PipelineOptions& options) {
  const auto start = std::chrono::steady_clock::now();
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
  p.info = inspectModelFolder(folder_path);
  p.tokenizer = std::make_unique<text::ClipTokenizer>(text::ClipTokenizer::load(folder.tokenizer_vocab, folder.tokenizer_merges));
  p.pad_id = padTokenId(folder, *p.tokenizer);
  p.scheduler_config = SchedulerConfig::fromFile(folder.scheduler_config);
  p.text_encoder = text::loadClipTextModel(folder.text_encoder.dir, p.dtype, p.device);
  p.unet = unet::loadUNet3D(folder.unet.dir, p.dtype, p.device);
  if (folder.vae) p.vae = vae::loadAutoencoderKL(folder.vae->dir, p.dtype, p.device);

  // The parts must fit together: text width = UNet cross-attention width, latent channels = UNet channels.
  const auto& unet_config = p.unet->config();
  if (p.text_encoder->config().hidden_size != unet_config.cross_attention_dim)
    throw Error(folder.unet.config.string() + ": cross_attention_dim " + std::to_string(unet_config.cross_attention_dim) +
                " does not match the text encoder's hidden_size " + std::to_string(p.text_encoder->config().hidden_size));
  const int64_t latent_channels = p.vae ? p.vae->config().latent_channels : 3;
  if (unet_config.in_channels != latent_channels)
    throw Error(folder.unet.config.string() + ": in_channels " + std::to_string(unet_config.in_channels) +
                " does not match the " + (p.vae ? "VAE's latent channels " : "pixel channels ") + std::to_string(latent_channels));
  logger()->info("loaded {} in {:.1f} s ({}, {})", folder_path.string(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), toString(options.device),
                 toString(options.precision));
  return pipeline;
}

GenerationResult Pipeline::generate(const GenerationRequest& request, const GenerationCallbacks& callbacks) const {
  Impl& p = *impl_;
  std::lock_guard<std::mutex> lock(p.run_mutex);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  if (request.prompt.size() > 100000) throw Error("prompt of " + std::to_string(request.prompt.size()) + " bytes is too long");
  const int scale = p.info.vae_scale;
  const int width = request.width > 0 ? request.width : p.info.native_width;
  const int height = request.height > 0 ? request.height : p.info.native_height;
  const int64_t factor = static_cast<int64_t>(scale) << (p.unet->config().block_out_channels.size() - 1);
  if (width % factor != 0 || height % factor != 0)
    throw Error("size " + std::to_string(width) + "x" + std::to_string(height) + " must be a multiple of " +
                std::to_string(factor) + " for this model");
  if (request.frames < 1 || request.steps < 1) throw Error("frames and steps must be at least 1");

  c10::InferenceMode inference;
  GenerationResult result;
  nlohmann::json settings = {{"prompt", request.prompt}, {"negative_prompt", request.negative_prompt},
                             {"seed", request.seed},     {"steps", request.steps},
                             {"guidance", request.guidance}, {"frames", request.frames},
                             {"width", width},           {"height", height},
                             {"scheduler", toString(request.scheduler)}, {"eta", request.eta},
                             {"model", p.info.folder.string()}, {"dtype", toString(p.options.precision)},
                             {"generator", "AICL Studio"}};
  result.settings_json = settings.dump();

  // Text: conditional and (for guidance) unconditional embeddings in one batch.
  const bool guided = request.guidance > 1.0;
  auto encode = [&](const std::string& text) {
    const auto tokens = p.tokenizer->encodeForModel(text, 77, p.pad_id);
    return torch::tensor(tokens.ids, torch::kLong).unsqueeze(0);
  };
  auto ids = guided ? torch::cat({encode(request.negative_prompt), encode(request.prompt)}) : encode(request.prompt);
  const auto text = p.text_encoder->encode(ids);

  // Seeded noise: the same seed gives the same video whatever the batch or guidance mode.
  const int64_t channels = p.unet->config().in_channels;
  const std::vector<int64_t> shape{channels, request.frames, height / scale, width / scale};
  auto scheduler = makeScheduler(p.scheduler_config, request.scheduler);
  scheduler->setTimesteps(request.steps);
  auto streams = std::make_shared<NoiseStreams>(std::vector<uint64_t>{request.seed});
  auto latents = (streams->next(shape, torch::kFloat32) * scheduler->initNoiseSigma()).to(p.device);
  if (request.eta > 0) scheduler->setEta(request.eta, streams);

  const auto& timesteps = scheduler->timesteps();
  for (size_t i = 0; i < timesteps.size(); ++i) {
    if (callbacks.cancelled && callbacks.cancelled()) {
      result.cancelled = true;
      result.seconds = elapsed();
      return result;
    }
    const int64_t t = timesteps[i];
    auto model_input = scheduler->scaleModelInput(latents, t);
    if (guided) model_input = torch::cat({model_input, model_input});
    auto prediction = p.unet->forward(model_input, torch::tensor(t, torch::kLong), text).to(torch::kFloat32);
    if (guided) {
      auto halves = prediction.chunk(2);
      prediction = guidance(halves[0], halves[1], request.guidance);
    }
    latents = scheduler->step(prediction, t, latents).prev_sample;
    const int step = static_cast<int>(i + 1);
    if (callbacks.progress) callbacks.progress(step, static_cast<int>(timesteps.size()), elapsed());
    if (callbacks.preview && request.preview_every > 0 && step % request.preview_every == 0)
      callbacks.preview(step, previewFrames(latents[0]));
  }
  if (callbacks.cancelled && callbacks.cancelled()) {
    result.cancelled = true;
    result.seconds = elapsed();
    return result;
  }
  const auto pixels = p.vae ? p.vae->decodeVideo(latents.to(p.dtype)) : latents;
  result.frames = framesFromTensor(pixels[0]);
  result.seconds = elapsed();
  return result;
}

}  // namespace aicl
