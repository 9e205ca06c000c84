#pragma once
// diffusers' UNet3DConditionModel config.json. Field names and defaults as diffusers.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aicl::unet {

struct UNet3DConfig {
  int64_t sample_size = 64;
  int64_t in_channels = 4;
  int64_t out_channels = 4;
  std::vector<std::string> down_block_types{"CrossAttnDownBlock3D", "CrossAttnDownBlock3D", "CrossAttnDownBlock3D",
                                            "DownBlock3D"};
  std::vector<std::string> up_block_types{"UpBlock3D", "CrossAttnUpBlock3D", "CrossAttnUpBlock3D",
                                          "CrossAttnUpBlock3D"};
  std::vector<int64_t> block_out_channels{320, 640, 1280, 1280};
  int64_t layers_per_block = 2;
  int64_t downsample_padding = 1;
  double mid_block_scale_factor = 1.0;
  int64_t norm_num_groups = 32;
  double norm_eps = 1e-5;
  int64_t cross_attention_dim = 1024;
  // diffusers keeps the historical name: `attention_head_dim` of UNet3D is the per-head width of every
  // transformer (heads = channels / attention_head_dim), and transformer_in has 8 heads of this width.
  int64_t attention_head_dim = 64;
  // AICL Studio's key (diffusers has no such field; 0, its behaviour, when absent): a learned embedding per
  // frame index, for up to this many frames, added to every temporal transformer's input. diffusers' temporal
  // attention has no position, so a small model must infer a frame's place in time from its temporal
  // convolutions' zero padding. Zero-initialised: a model gains it without changing what it computes.
  int64_t frame_position_embeddings = 0;

  static UNet3DConfig fromJson(const nlohmann::json& json, const std::filesystem::path& source);
  static UNet3DConfig fromFile(const std::filesystem::path& path);
  void validate(const std::string& source) const;
  int64_t timeEmbedDim() const { return block_out_channels.front() * 4; }
};

}  // namespace aicl::unet
