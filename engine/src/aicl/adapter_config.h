#pragma once
// aicl/config.json: the shapes of the Action Prism and of the Action Integration attached to a backbone.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "unet/temporal_hook_position.h"

namespace aicl::adapter {

struct ActionPrismConfig {
  int64_t latent_channels = 4;  // channels of the reference latents
  int64_t latent_height = 32;   // reference latents' spatial size: a frame token has height * width * channels
  int64_t latent_width = 32;
  int64_t frames = 16;          // frames per reference (the relative position range)
  int64_t patch_size = 1;       // latent pixels per side of one spatial token (large latents: fewer tokens)
  int64_t width = 640;          // D
  int64_t layers = 18;
  int64_t heads = 8;
  int64_t ff_mult = 4;          // GEGLU inner width = ff_mult * D
  int64_t text_dim = 1024;      // width of the text encoder's hidden states
  int64_t tokenDim() const { return latent_height * latent_width * latent_channels; }
};

struct ActionIntegrationConfig {
  int64_t heads = 8;
  int64_t dim_head = 64;
  std::vector<int64_t> block_channels;  // hidden width at each hook of the backbone, in forward order
  // "position" in the config; a config without it is an adapter of before the field (after attn1).
  unet::TemporalHookPosition position = unet::TemporalHookPosition::AfterAttn2;
};

struct AdapterConfig {
  ActionPrismConfig prism;
  ActionIntegrationConfig integration;
  double default_scale = 1.0;  // the AICL strength the adapter was trained for

  static AdapterConfig fromJson(const nlohmann::json& json, const std::filesystem::path& source);
  static AdapterConfig fromFile(const std::filesystem::path& path);
  nlohmann::json toJson() const;
  void validate(const std::string& source) const;
};

}  // namespace aicl::adapter
