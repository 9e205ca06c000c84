#pragma once
// The diffusers AutoencoderKL config.json (DownEncoderBlock2D / UpDecoderBlock2D blocks, or their Attn* variants
// with an attention block after each ResnetBlock). No torch here.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace aicl::vae {

struct AutoencoderKLConfig {
  int64_t in_channels = 3;
  int64_t out_channels = 3;
  std::vector<std::string> down_block_types{"DownEncoderBlock2D"};
  std::vector<std::string> up_block_types{"UpDecoderBlock2D"};
  std::vector<int64_t> block_out_channels{64};
  int64_t layers_per_block = 1;
  std::string act_fn = "silu";
  int64_t latent_channels = 4;
  int64_t norm_num_groups = 32;
  int64_t sample_size = 32;
  double scaling_factor = 0.18215;
  double shift_factor = 0.0;  // null in SD VAEs: latents are only scaled
  bool mid_block_add_attention = true;
  bool use_quant_conv = true;
  bool use_post_quant_conv = true;
  // force_upcast, latents_mean and latents_std are pipeline hints and are ignored.

  // Unknown keys are ignored, absent keys take diffusers' defaults; wrong types and unsupported block types or
  // activations throw aicl::Error naming the file and key.
  static AutoencoderKLConfig fromJson(const std::filesystem::path& path);
  // Checks the invariants the modules rely on; `source` names the origin in the error message.
  void validate(const std::string& source) const;

  // Spatial downsampling factor of the encoder (2 ^ (number of blocks - 1)).
  int64_t downsampleFactor() const;
};

}  // namespace aicl::vae
