#pragma once
// A random AICL adapter for the tiny fixture model (non-zero integration outputs, as if trained): what the
// pipeline and app tests run AICL with. Needs LibTorch headers.
#include <filesystem>

#include "aicl/adapter.h"
#include "unet/unet3d.h"

namespace aicl::test {

inline void writeTinyAdapter(const std::filesystem::path& tiny_model, const std::filesystem::path& folder) {
  using namespace aicl::adapter;
  auto unet = aicl::unet::loadUNet3D(tiny_model / "unet");
  AdapterConfig config;
  config.prism.latent_channels = 4;
  config.prism.latent_height = config.prism.latent_width = 16;  // 32 px through the tiny VAE (2x)
  config.prism.frames = 16;
  config.prism.width = 16;
  config.prism.layers = 2;
  config.prism.heads = 2;
  config.prism.ff_mult = 2;
  config.prism.text_dim = 32;
  config.integration.heads = 2;
  config.integration.dim_head = 8;
  config.integration.block_channels = unet->temporalHookChannels();
  torch::manual_seed(4);
  AiclAdapter adapter(config);
  for (auto& block : *adapter->action_integration->blocks)
    torch::nn::init::normal_(block->as<ActionIntegrationBlock>()->attention->to_out->weight, 0.0, 0.5);
  saveAiclAdapter(adapter, folder);
}

}  // namespace aicl::test
