#include "echoreel/lvdm_unet_config.h"

#include "aicl/error.h"
#include "core/json_file.h"

namespace aicl::echoreel {

namespace {

// Options of the released code that this port does not implement: a config asking for them is refused.
void requireSetting(const nlohmann::json& json, const std::string& key, const nlohmann::json& supported,
                    const std::filesystem::path& source) {
  if (json.contains(key) && !json[key].is_null() && json[key] != supported)
    throw Error(source.string() + ": key '" + key + "': only " + supported.dump() + " is supported, got " +
                json[key].dump());
}

ActionPrismConfig prismFromJson(const nlohmann::json& json, const std::filesystem::path& source) {
  ActionPrismConfig p;
  if (json.is_null()) return p;
  p.input_query_dim = jsonValue(json, "input_query_dim", p.input_query_dim, source);
  p.latent_query_dim = jsonValue(json, "latent_query_dim", p.latent_query_dim, source);
  p.input_context_dim = jsonValue(json, "input_context_dim", p.input_context_dim, source);
  p.latent_context_dim = jsonValue(json, "latent_context_dim", p.latent_context_dim, source);
  p.layers = jsonValue(json, "layers", p.layers, source);
  p.layer_heads = jsonValue(json, "layer_n_heads", p.layer_heads, source);
  p.layer_head_dim = jsonValue(json, "layer_d_head", p.layer_head_dim, source);
  p.layer_temporal_length = jsonValue(json, "layer_temporal_length", p.layer_temporal_length, source);
  p.head_out_features = jsonValue(json, "head_out_features", p.head_out_features, source);
  requireSetting(json, "layer_use_relative_position", true, source);
  requireSetting(json, "layer_gated_ff", true, source);
  const int64_t head_hidden = jsonValue(json, "head_hidden", p.latent_query_dim * 4, source);
  if (head_hidden != p.latent_query_dim * 4)
    throw Error(source.string() + ": key 'head_hidden': must be 4 * latent_query_dim");
  return p;
}

}  // namespace

LvdmUNetConfig LvdmUNetConfig::fromJson(const nlohmann::json& root, const std::filesystem::path& source) {
  if (!root.is_object() || !root.contains("unet_constructor"))
    throw Error(source.string() + ": expected a JSON object with 'unet_constructor'");
  const auto& json = root["unet_constructor"];
  LvdmUNetConfig c;
  c.in_channels = jsonValue(json, "in_channels", c.in_channels, source);
  c.model_channels = jsonValue(json, "model_channels", c.model_channels, source);
  c.out_channels = jsonValue(json, "out_channels", c.out_channels, source);
  c.num_res_blocks = jsonValue(json, "num_res_blocks", c.num_res_blocks, source);
  c.attention_resolutions = jsonValue(json, "attention_resolutions", c.attention_resolutions, source);
  c.channel_mult = jsonValue(json, "channel_mult", c.channel_mult, source);
  c.conv_resample = jsonValue(json, "conv_resample", c.conv_resample, source);
  c.num_heads = jsonValue(json, "num_heads", c.num_heads, source);
  c.num_head_channels = jsonValue(json, "num_head_channels", c.num_head_channels, source);
  c.transformer_depth = jsonValue(json, "transformer_depth", c.transformer_depth, source);
  c.context_dim = jsonValue(json, "context_dim", c.context_dim, source);
  c.legacy = jsonValue(json, "legacy", c.legacy, source);
  c.kernel_size_t = jsonValue(json, "kernel_size_t", c.kernel_size_t, source);
  c.padding_t = jsonValue(json, "padding_t", c.padding_t, source);
  c.temporal_length = jsonValue(json, "temporal_length", c.temporal_length, source);
  c.use_relative_position = jsonValue(json, "use_relative_position", c.use_relative_position, source);
  c.video_inject = jsonValue(json, "video_inject", c.video_inject, source);
  for (const auto& [key, value] : std::initializer_list<std::pair<const char*, nlohmann::json>>{
           {"dims", 3}, {"use_scale_shift_norm", false}, {"resblock_updown", false}, {"num_classes", nullptr},
           {"use_temporal_transformer", true}, {"nonlinearity_type", "silu"},
           {"ST_transformer_class", "SpatialTemporalTransformer"}})
    requireSetting(json, key, value, source);
  c.prism = prismFromJson(root.value("perceiver", nlohmann::json()), source);
  if (root.contains("inject")) {
    c.inject_temporal_context_dim =
        jsonValue(root["inject"], "video_inject_attn3_tmp_context_dim", c.inject_temporal_context_dim, source);
    c.inject_spatial_context_dim =
        jsonValue(root["inject"], "video_inject_attn3_context_dim", c.inject_spatial_context_dim, source);
  }
  if (c.channel_mult.empty() || c.num_res_blocks < 1 || c.model_channels % 32 != 0)
    throw Error(source.string() + ": channel_mult, num_res_blocks or model_channels out of range");
  if (c.num_heads < 1 && c.num_head_channels < 1)
    throw Error(source.string() + ": either num_heads or num_head_channels has to be set");
  return c;
}

LvdmUNetConfig LvdmUNetConfig::fromFile(const std::filesystem::path& path) { return fromJson(readJsonFile(path), path); }

std::pair<int64_t, int64_t> LvdmUNetConfig::headsAndHeadDim(int64_t channels) const {
  int64_t heads = num_heads, head_dim = 0;
  if (num_head_channels == -1) {
    head_dim = channels / num_heads;
  } else {
    heads = channels / num_head_channels;
    head_dim = num_head_channels;
  }
  if (legacy) head_dim = channels / heads;  // LVDM's legacy rule with the temporal transformer
  return {heads, head_dim};
}

}  // namespace aicl::echoreel
