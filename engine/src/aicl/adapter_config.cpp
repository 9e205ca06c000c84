#include "aicl/adapter_config.h"

#include "aicl/error.h"
#include "core/json_file.h"

namespace aicl::adapter {

AdapterConfig AdapterConfig::fromJson(const nlohmann::json& json, const std::filesystem::path& source) {
  if (!json.is_object()) throw Error(source.string() + ": expected a JSON object");
  auto section = [&](const char* key) {
    if (!json.contains(key) || !json[key].is_object()) throw Error(source.string() + ": missing object '" + key + "'");
    return json[key];
  };
  AdapterConfig c;
  const auto prism = section("action_prism");
  auto& p = c.prism;
  p.latent_channels = jsonRequired<int64_t>(prism, "latent_channels", source);
  p.latent_height = jsonRequired<int64_t>(prism, "latent_height", source);
  p.latent_width = jsonRequired<int64_t>(prism, "latent_width", source);
  p.frames = jsonValue(prism, "frames", p.frames, source);
  p.patch_size = jsonValue(prism, "patch_size", p.patch_size, source);
  p.width = jsonRequired<int64_t>(prism, "width", source);
  p.layers = jsonRequired<int64_t>(prism, "layers", source);
  p.heads = jsonRequired<int64_t>(prism, "heads", source);
  p.ff_mult = jsonValue(prism, "ff_mult", p.ff_mult, source);
  p.text_dim = jsonRequired<int64_t>(prism, "text_dim", source);
  const auto integration = section("action_integration");
  c.integration.heads = jsonRequired<int64_t>(integration, "heads", source);
  c.integration.dim_head = jsonRequired<int64_t>(integration, "dim_head", source);
  c.integration.block_channels = jsonRequired<std::vector<int64_t>>(integration, "block_channels", source);
  const auto position = jsonValue<std::string>(integration, "position", "after_attn1", source);
  const auto parsed = unet::parseTemporalHookPosition(position);
  if (!parsed) throw Error(source.string() + ": key 'position': expected \"after_attn1\" or \"after_attn2\", got \"" + position + "\"");
  c.integration.position = *parsed;
  c.default_scale = jsonValue(json, "default_scale", c.default_scale, source);
  c.validate(source.string());
  return c;
}

AdapterConfig AdapterConfig::fromFile(const std::filesystem::path& path) { return fromJson(readJsonFile(path), path); }

nlohmann::json AdapterConfig::toJson() const {
  return {{"_class_name", "AICLAdapter"},
          {"action_prism",
           {{"latent_channels", prism.latent_channels}, {"latent_height", prism.latent_height},
            {"latent_width", prism.latent_width}, {"frames", prism.frames}, {"patch_size", prism.patch_size},
            {"width", prism.width},
            {"layers", prism.layers}, {"heads", prism.heads}, {"ff_mult", prism.ff_mult},
            {"text_dim", prism.text_dim}}},
          {"action_integration",
           {{"heads", integration.heads}, {"dim_head", integration.dim_head},
            {"block_channels", integration.block_channels},
            {"position", unet::temporalHookPositionName(integration.position)}}},
          {"default_scale", default_scale}};
}

void AdapterConfig::validate(const std::string& source) const {
  auto fail = [&](const std::string& key, const std::string& why) { throw Error(source + ": key '" + key + "': " + why); };
  auto positive = [&](const char* key, int64_t value) {
    if (value < 1) fail(key, "must be at least 1, got " + std::to_string(value));
  };
  positive("latent_channels", prism.latent_channels);
  positive("latent_height", prism.latent_height);
  positive("latent_width", prism.latent_width);
  positive("frames", prism.frames);
  positive("patch_size", prism.patch_size);
  if (prism.latent_height % prism.patch_size != 0 || prism.latent_width % prism.patch_size != 0)
    fail("patch_size", "must divide the latent size " + std::to_string(prism.latent_height) + "x" +
                           std::to_string(prism.latent_width));
  positive("width", prism.width);
  positive("layers", prism.layers);
  positive("heads", prism.heads);
  positive("ff_mult", prism.ff_mult);
  positive("text_dim", prism.text_dim);
  if (prism.width % prism.heads != 0) fail("width", "must be a multiple of heads");
  positive("heads", integration.heads);
  positive("dim_head", integration.dim_head);
  if (integration.block_channels.empty()) fail("block_channels", "must list the backbone's hook widths");
  for (int64_t channels : integration.block_channels) positive("block_channels", channels);
}

}  // namespace aicl::adapter
