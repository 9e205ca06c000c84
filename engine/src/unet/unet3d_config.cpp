#include "unet/unet3d_config.h"

#include "aicl/error.h"
#include "core/json_file.h"

namespace aicl::unet {

UNet3DConfig UNet3DConfig::fromJson(const nlohmann::json& json, const std::filesystem::path& source) {
  if (!json.is_object()) throw Error(source.string() + ": expected a JSON object");
  UNet3DConfig c;
  c.sample_size = jsonValue(json, "sample_size", c.sample_size, source);
  c.in_channels = jsonValue(json, "in_channels", c.in_channels, source);
  c.out_channels = jsonValue(json, "out_channels", c.out_channels, source);
  c.down_block_types = jsonValue(json, "down_block_types", c.down_block_types, source);
  c.up_block_types = jsonValue(json, "up_block_types", c.up_block_types, source);
  c.block_out_channels = jsonValue(json, "block_out_channels", c.block_out_channels, source);
  c.layers_per_block = jsonValue(json, "layers_per_block", c.layers_per_block, source);
  c.downsample_padding = jsonValue(json, "downsample_padding", c.downsample_padding, source);
  c.mid_block_scale_factor = jsonValue(json, "mid_block_scale_factor", c.mid_block_scale_factor, source);
  c.norm_num_groups = jsonValue(json, "norm_num_groups", c.norm_num_groups, source);
  c.norm_eps = jsonValue(json, "norm_eps", c.norm_eps, source);
  c.cross_attention_dim = jsonValue(json, "cross_attention_dim", c.cross_attention_dim, source);
  if (json.contains("attention_head_dim") && json["attention_head_dim"].is_array())
    throw Error(source.string() + ": key 'attention_head_dim': per-block values are not supported");
  c.attention_head_dim = jsonValue(json, "attention_head_dim", c.attention_head_dim, source);
  if (json.contains("num_attention_heads") && !json["num_attention_heads"].is_null())
    throw Error(source.string() + ": key 'num_attention_heads': must be null for UNet3DConditionModel (as diffusers)");
  c.frame_position_embeddings = jsonValue(json, "frame_position_embeddings", c.frame_position_embeddings, source);
  const std::string act = jsonValue<std::string>(json, "act_fn", "silu", source);
  if (act != "silu") throw Error(source.string() + ": key 'act_fn': only \"silu\" is supported, got \"" + act + "\"");
  c.validate(source.string());
  return c;
}

UNet3DConfig UNet3DConfig::fromFile(const std::filesystem::path& path) { return fromJson(readJsonFile(path), path); }

void UNet3DConfig::validate(const std::string& source) const {
  auto fail = [&](const std::string& key, const std::string& why) { throw Error(source + ": key '" + key + "': " + why); };
  if (block_out_channels.empty()) fail("block_out_channels", "must not be empty");
  if (down_block_types.size() != block_out_channels.size()) fail("down_block_types", "needs one entry per block_out_channels");
  if (up_block_types.size() != block_out_channels.size()) fail("up_block_types", "needs one entry per block_out_channels");
  for (const auto& type : down_block_types)
    if (type != "CrossAttnDownBlock3D" && type != "DownBlock3D") fail("down_block_types", "unsupported block \"" + type + "\"");
  for (const auto& type : up_block_types)
    if (type != "CrossAttnUpBlock3D" && type != "UpBlock3D") fail("up_block_types", "unsupported block \"" + type + "\"");
  if (layers_per_block < 1) fail("layers_per_block", "must be at least 1");
  if (attention_head_dim < 1) fail("attention_head_dim", "must be at least 1");
  if (norm_num_groups < 1) fail("norm_num_groups", "must be at least 1");
  for (int64_t channels : block_out_channels) {
    if (channels < 1 || channels % norm_num_groups != 0) fail("block_out_channels", "must be multiples of norm_num_groups");
    if (channels % attention_head_dim != 0) fail("block_out_channels", "must be multiples of attention_head_dim");
  }
  if (frame_position_embeddings < 0) fail("frame_position_embeddings", "must not be negative");
  if (in_channels < 1 || out_channels < 1 || cross_attention_dim < 1) fail("in_channels", "channel counts must be positive");
}

}  // namespace aicl::unet
