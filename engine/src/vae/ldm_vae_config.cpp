#include "vae/ldm_vae_config.h"

#include <algorithm>

#include "core/json_file.h"

namespace aicl::vae {

AutoencoderKLConfig autoencoderKLConfigFromLdm(const nlohmann::json& params, const std::string& source,
                                               double scale_factor) {
  if (!params.is_object()) throw Error(source + ": expected a JSON object with ddconfig and embed_dim");
  const std::filesystem::path file(source);  // names the origin in jsonValue's errors
  const int64_t embed_dim = jsonRequired<int64_t>(params, "embed_dim", file);
  if (!params.contains("ddconfig") || !params.at("ddconfig").is_object())
    throw Error(source + ": missing object 'ddconfig'");
  const nlohmann::json& dd = params.at("ddconfig");
  auto fail = [&](const std::string& key, const std::string& problem) {
    throw Error(source + ": key 'ddconfig." + key + "': " + problem);
  };

  const int64_t ch = jsonRequired<int64_t>(dd, "ch", file);
  const auto ch_mult = jsonRequired<std::vector<int64_t>>(dd, "ch_mult", file);
  const auto attn_resolutions = jsonValue<std::vector<int64_t>>(dd, "attn_resolutions", {}, file);
  const int64_t resolution = jsonRequired<int64_t>(dd, "resolution", file);
  const int64_t z_channels = jsonRequired<int64_t>(dd, "z_channels", file);
  // diffusers' module tree has one latent width and an encoder conv_in as wide as the first level.
  if (!jsonValue(dd, "double_z", true, file)) fail("double_z", "only double_z = true (a Gaussian posterior)");
  if (z_channels != embed_dim)
    fail("z_channels", "must equal embed_dim (" + std::to_string(embed_dim) + "), got " + std::to_string(z_channels));
  if (ch_mult.empty() || ch_mult.front() != 1) fail("ch_mult", "must start with 1");
  if (!jsonValue(dd, "resamp_with_conv", true, file)) fail("resamp_with_conv", "only true is supported");
  if (jsonValue(dd, "give_pre_end", false, file)) fail("give_pre_end", "only false is supported");
  if (jsonValue(dd, "tanh_out", false, file)) fail("tanh_out", "only false is supported");
  if (jsonValue(dd, "use_linear_attn", false, file)) fail("use_linear_attn", "only false is supported");
  if (jsonValue<std::string>(dd, "attn_type", "vanilla", file) != "vanilla")
    fail("attn_type", "only 'vanilla' is supported");

  AutoencoderKLConfig c;
  c.in_channels = jsonRequired<int64_t>(dd, "in_channels", file);
  c.out_channels = jsonRequired<int64_t>(dd, "out_ch", file);
  c.layers_per_block = jsonRequired<int64_t>(dd, "num_res_blocks", file);
  c.latent_channels = embed_dim;
  c.norm_num_groups = 32;  // LDM's Normalize
  c.sample_size = resolution;
  c.scaling_factor = scale_factor;
  c.mid_block_add_attention = true;  // LDM's mid blocks always have attn_1
  c.block_out_channels.clear();
  c.down_block_types.clear();
  c.up_block_types.clear();
  int64_t level_resolution = resolution;
  for (int64_t mult : ch_mult) {
    const bool attention = std::count(attn_resolutions.begin(), attn_resolutions.end(), level_resolution) > 0;
    c.block_out_channels.push_back(ch * mult);
    c.down_block_types.push_back(attention ? "AttnDownEncoderBlock2D" : "DownEncoderBlock2D");
    // diffusers lists the decoder's blocks from the lowest resolution up.
    c.up_block_types.insert(c.up_block_types.begin(), attention ? "AttnUpDecoderBlock2D" : "UpDecoderBlock2D");
    level_resolution /= 2;
  }
  c.validate(source);
  return c;
}

AutoencoderKLConfig readLdmAutoencoderKLConfig(const std::filesystem::path& path, double scale_factor) {
  return autoencoderKLConfigFromLdm(readJsonFile(path), path.string(), scale_factor);
}

}  // namespace aicl::vae
