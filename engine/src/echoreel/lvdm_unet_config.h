#pragma once
// Sizes of LVDM's UNetModel with EchoReel's Action Prism (Perceiver) and Action Integration. The JSON layout is
// the one of the echoreel_unet fixtures' config.json: "unet_constructor" holds the UNetModel arguments (LVDM's
// names), "perceiver" and "inject" the sizes the released code hard-codes. Absent keys take the released values.
#include <cstdint>
#include <filesystem>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace aicl::echoreel {

struct ActionPrismConfig {
  int64_t input_query_dim = 4;       // latent channels of the reference video
  int64_t latent_query_dim = 640;    // width of the video tokens
  int64_t input_context_dim = 768;   // text embedding width (the UNet's context_dim)
  int64_t latent_context_dim = 768;  // text width inside the prism
  int64_t layers = 18;
  int64_t layer_heads = 8;
  int64_t layer_head_dim = 80;
  int64_t layer_temporal_length = 16;  // max relative distance of the prism's temporal attentions
  int64_t head_out_features = 4;       // channels per token of the Tout / Sout heads
};

struct LvdmUNetConfig {
  int64_t in_channels = 4;
  int64_t model_channels = 320;
  int64_t out_channels = 4;
  int64_t num_res_blocks = 2;
  std::vector<int64_t> attention_resolutions{4, 2, 1};
  std::vector<int64_t> channel_mult{1, 2, 4, 4};
  bool conv_resample = true;
  int64_t num_heads = 8;
  int64_t num_head_channels = -1;
  int64_t transformer_depth = 1;
  int64_t context_dim = 768;
  bool legacy = false;
  int64_t kernel_size_t = 1;
  int64_t padding_t = 0;
  int64_t temporal_length = 16;
  bool use_relative_position = true;
  bool video_inject = true;

  ActionPrismConfig prism;
  int64_t inject_temporal_context_dim = 4096;  // width of a Tout row: (reference H*W) * head_out_features
  int64_t inject_spatial_context_dim = 64;     // video_inject_attn3 (built, never run by the released forward)

  static LvdmUNetConfig fromJson(const nlohmann::json& json, const std::filesystem::path& source);
  static LvdmUNetConfig fromFile(const std::filesystem::path& path);
  int64_t timeEmbedDim() const { return model_channels * 4; }
  // Heads and head width of a transformer at `channels` (LVDM's num_heads / num_head_channels / legacy rule).
  std::pair<int64_t, int64_t> headsAndHeadDim(int64_t channels) const;
};

}  // namespace aicl::echoreel
