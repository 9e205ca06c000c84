#include "aicl/adapter.h"

#include "aicl/error.h"
#include "core/json_file.h"
#include "io/weight_loader.h"
#include "pipeline/model_folder.h"

namespace aicl::adapter {

AiclAdapterImpl::AiclAdapterImpl(const AdapterConfig& config) : config_(config) {
  action_prism = register_module("action_prism", ActionPrism(config.prism));
  action_integration = register_module(
      "action_integration", ActionIntegration(config.integration, config.prism.tokenDim(), config.prism.frames));
}

torch::Tensor AiclAdapterImpl::actionTokens(const torch::Tensor& latents, const torch::Tensor& text) {
  const int64_t k = latents.size(0), rows = text.size(0) / k;
  if (rows < 1 || rows * k != text.size(0))
    throw Error("AICL adapter: " + std::to_string(text.size(0)) + " text rows for " + std::to_string(k) + " references");
  const auto tokens = action_prism(rows == 1 ? latents : latents.repeat({rows, 1, 1, 1, 1}), text);  // [B*K, F, token_dim]
  return tokens.reshape({rows, k * tokens.size(1), tokens.size(2)});
}

unet::TemporalHook AiclAdapterImpl::hook(const torch::Tensor& context, int64_t frames_per_reference, double scale) {
  const int64_t references = context.size(1) / frames_per_reference;
  const auto key_frames =
      torch::arange(frames_per_reference, torch::TensorOptions().dtype(torch::kLong).device(context.device())).repeat({references});
  auto blocks = action_integration->blocks;
  // Keys and values are prepared at a block's first call (in the hidden states' type) and reused every step.
  std::vector<IntegrationContext> prepared(blocks->size());
  return [blocks, context, key_frames, scale, prepared](const torch::Tensor& hidden, int64_t index) mutable -> torch::Tensor {
    if (index >= static_cast<int64_t>(blocks->size()))
      throw Error("AICL adapter: the backbone has more temporal blocks than the adapter (" + std::to_string(blocks->size()) + ")");
    auto block = blocks[static_cast<size_t>(index)]->as<ActionIntegrationBlock>();
    auto& ready = prepared[static_cast<size_t>(index)];
    if (!ready.fits(hidden)) ready = block->prepare(context.to(hidden.scalar_type()), key_frames, hidden.size(1));
    auto residual = block->forward(hidden, ready);
    return scale == 1.0 ? residual : residual * scale;
  };
}

AiclAdapter loadAiclAdapter(const std::filesystem::path& folder, torch::Dtype dtype, torch::Device device) {
  const auto config = AdapterConfig::fromFile(folder / "config.json");
  AiclAdapter adapter(config);
  loadModuleWeights(*adapter, locateWeights(folder));
  adapter->to(device, dtype);
  adapter->eval();
  return adapter;
}

void saveAiclAdapter(AiclAdapter& adapter, const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  saveModuleWeights(*adapter, folder / "diffusion_pytorch_model.safetensors");
  writeJsonFile(folder / "config.json", adapter->config().toJson());
}

}  // namespace aicl::adapter
