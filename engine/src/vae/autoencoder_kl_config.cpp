#include "vae/autoencoder_kl_config.h"

#include "core/json_file.h"

namespace aicl::vae {

AutoencoderKLConfig AutoencoderKLConfig::fromJson(const std::filesystem::path& path) {
  const nlohmann::json json = readJsonFile(path);
  if (!json.is_object()) throw Error(path.string() + ": expected a JSON object");
  AutoencoderKLConfig c;
  c.in_channels = jsonValue(json, "in_channels", c.in_channels, path);
  c.out_channels = jsonValue(json, "out_channels", c.out_channels, path);
  c.down_block_types = jsonValue(json, "down_block_types", c.down_block_types, path);
  c.up_block_types = jsonValue(json, "up_block_types", c.up_block_types, path);
  c.block_out_channels = jsonValue(json, "block_out_channels", c.block_out_channels, path);
  c.layers_per_block = jsonValue(json, "layers_per_block", c.layers_per_block, path);
  c.act_fn = jsonValue(json, "act_fn", c.act_fn, path);
  c.latent_channels = jsonValue(json, "latent_channels", c.latent_channels, path);
  c.norm_num_groups = jsonValue(json, "norm_num_groups", c.norm_num_groups, path);
  c.sample_size = jsonValue(json, "sample_size", c.sample_size, path);
  c.scaling_factor = jsonValue(json, "scaling_factor", c.scaling_factor, path);
  c.shift_factor = jsonValue(json, "shift_factor", c.shift_factor, path);
  c.mid_block_add_attention = jsonValue(json, "mid_block_add_attention", c.mid_block_add_attention, path);
  c.use_quant_conv = jsonValue(json, "use_quant_conv", c.use_quant_conv, path);
  c.use_post_quant_conv = jsonValue(json, "use_post_quant_conv", c.use_post_quant_conv, path);
  c.validate(path.string());
  return c;
}

void AutoencoderKLConfig::validate(const std::string& source) const {
  auto fail = [&](const std::string& key, const std::string& problem) {
    throw Error(source + ": key '" + key + "': " + problem);
  };
  if (block_out_channels.empty()) fail("block_out_channels", "must not be empty");
  if (down_block_types.size() != block_out_channels.size())
    fail("down_block_types", "needs one entry per block_out_channels entry");
  if (up_block_types.size() != block_out_channels.size())
    fail("up_block_types", "needs one entry per block_out_channels entry");
  for (const auto& type : down_block_types)
    if (type != "DownEncoderBlock2D" && type != "AttnDownEncoderBlock2D")
      fail("down_block_types", "unsupported block type '" + type + "'");
  for (const auto& type : up_block_types)
    if (type != "UpDecoderBlock2D" && type != "AttnUpDecoderBlock2D")
      fail("up_block_types", "unsupported block type '" + type + "'");
  if (act_fn != "silu") fail("act_fn", "unsupported activation '" + act_fn + "' (only silu)");
  if (in_channels <= 0) fail("in_channels", "must be positive");
  if (out_channels <= 0) fail("out_channels", "must be positive");
  if (latent_channels <= 0) fail("latent_channels", "must be positive");
  if (layers_per_block <= 0) fail("layers_per_block", "must be positive");
  if (norm_num_groups <= 0) fail("norm_num_groups", "must be positive");
  for (int64_t channels : block_out_channels)
    if (channels <= 0 || channels % norm_num_groups != 0)
      fail("block_out_channels", "every entry must be a positive multiple of norm_num_groups (" +
                                     std::to_string(norm_num_groups) + ")");
  if (scaling_factor == 0.0) fail("scaling_factor", "must not be zero");
}

int64_t AutoencoderKLConfig::downsampleFactor() const {
  return int64_t{1} << (block_out_channels.size() - 1);
}

}  // namespace aicl::vae
