// inspectModelFolder: what a model folder holds, read from its configs and safetensors headers only (fast, and
// no weights are copied).
#include <map>
#include <sstream>

#include "aicl/error.h"
#include "aicl/pipeline.h"
#include "aicl/safetensors.h"
#include "core/json_file.h"
#include "pipeline/model_folder.h"

namespace aicl {
namespace {

std::string joinInts(const nlohmann::json& values) {
  std::ostringstream out;
  if (!values.is_array()) return "?";
  for (size_t i = 0; i < values.size(); ++i) out << (i ? "," : "") << values[i].dump();
  return out.str();
}

// Parameter count and the most common dtype of a component's weights.
void summariseWeights(const ComponentFiles& files, ComponentInfo& info) {
  std::map<std::string, int64_t> bytes_by_dtype;
  for (const auto& path : files.weights) {
    SafetensorsFile file(path);
    for (const auto& tensor : file.tensors()) {
      int64_t numel = 1;
      for (int64_t d : tensor.shape) numel *= d;
      info.parameters += numel;
      bytes_by_dtype[dtypeName(tensor.dtype)] += static_cast<int64_t>(tensor.nbytes);
    }
  }
  int64_t most = -1;
  for (const auto& [dtype, bytes] : bytes_by_dtype)
    if (bytes > most) most = bytes, info.dtype = dtype;
}

}  // namespace

ComponentInfo inspectAdapterFolder(const std::filesystem::path& adapter_dir) {
  const auto adapter = readJsonFile(adapter_dir / "config.json");
  ComponentFiles files{adapter_dir, adapter_dir / "config.json", locateWeights(adapter_dir)};
  ComponentInfo adapter_info{"aicl", "", 0, ""};
  const auto& prism = adapter.value("action_prism", nlohmann::json::object());
  adapter_info.architecture = "AICL adapter: Action Prism " + prism.value("layers", nlohmann::json()).dump() +
                              " layers x " + prism.value("width", nlohmann::json()).dump() + ", " +
                              std::to_string(adapter.value("action_integration", nlohmann::json::object())
                                                 .value("block_channels", nlohmann::json::array())
                                                 .size()) +
                              " integration blocks";
  summariseWeights(files, adapter_info);
  return adapter_info;
}

ModelInfo inspectModelFolder(const std::filesystem::path& root) { return inspectLocatedModelFolder(locateModelFolder(root), root); }

ModelInfo inspectLocatedModelFolder(const ModelFolder& folder, const std::filesystem::path& root) {
  if (!folder.vae && readJsonFile(folder.unet.config).value("in_channels", 4) != 3)
    throw Error(folder.unet.config.string() + ": a model without a VAE must have 3 in_channels (pixel space)");
  ModelInfo info;
  info.folder = root;

  const auto unet = readJsonFile(folder.unet.config);
  ComponentInfo unet_info{"unet", "", 0, ""};
  int sample_size = 32;
  if (folder.unet_class == "EchoReelUNetModel") {
    // LVDM's constructor arguments (see echoreel/lvdm_unet_config.h); image_size is an int or [h, w].
    const auto constructor = unet.value("unet_constructor", nlohmann::json::object());
    const auto prism = unet.value("perceiver", nlohmann::json::object());
    unet_info.architecture = "EchoReelUNetModel (LVDM, " + constructor.value("model_channels", nlohmann::json(320)).dump() +
                             " x (" + joinInts(constructor.value("channel_mult", nlohmann::json::array({1, 2, 4, 4}))) +
                             ")), cross-attention " + constructor.value("context_dim", nlohmann::json(768)).dump() +
                             ", Action Prism " + prism.value("layers", nlohmann::json(18)).dump() + " layers";
    info.latent_channels = jsonValue<int>(constructor, "in_channels", 4, folder.unet.config);
    const auto image_size = constructor.value("image_size", nlohmann::json(32));
    sample_size = image_size.is_array() && !image_size.empty() ? image_size[0].get<int>()
                                                               : jsonValue<int>(constructor, "image_size", 32, folder.unet.config);
    info.has_adapter = constructor.value("video_inject", true);
    if (info.has_adapter) info.adapter = "EchoReel: Action Prism and Action Integration (built into the UNet)";
  } else {
    unet_info.architecture = folder.unet_class + " (" + joinInts(unet.value("block_out_channels", nlohmann::json::array())) +
                             "), " + std::to_string(unet.value("down_block_types", nlohmann::json::array()).size()) +
                             " down blocks, cross-attention " + unet.value("cross_attention_dim", nlohmann::json()).dump();
    info.latent_channels = jsonValue<int>(unet, "in_channels", 4, folder.unet.config);
    sample_size = jsonValue<int>(unet, "sample_size", 32, folder.unet.config);
  }
  summariseWeights(folder.unet, unet_info);
  info.components.push_back(unet_info);
  info.recommended_steps = folder.sampling.steps;
  info.recommended_guidance = folder.sampling.guidance;

  info.vae_scale = 1;
  if (folder.vae) {
    const auto vae = readJsonFile(folder.vae->config);
    const auto blocks = vae.value("block_out_channels", nlohmann::json::array({64}));
    info.vae_scale = 1 << std::max<int>(0, static_cast<int>(blocks.size()) - 1);
    ComponentInfo vae_info{"vae", "", 0, ""};
    vae_info.architecture = "AutoencoderKL (" + joinInts(blocks) + "), latent channels " +
                            vae.value("latent_channels", nlohmann::json(4)).dump() + ", " +
                            std::to_string(info.vae_scale) + "x downsampling";
    summariseWeights(*folder.vae, vae_info);
    info.components.push_back(vae_info);
  }
  info.native_width = info.native_height = sample_size * info.vae_scale;

  const auto text = readJsonFile(folder.text_encoder.config);
  ComponentInfo text_info{"text_encoder", "", 0, ""};
  text_info.architecture = "CLIPTextModel, " + text.value("num_hidden_layers", nlohmann::json()).dump() +
                           " layers (config), width " + text.value("hidden_size", nlohmann::json()).dump();
  summariseWeights(folder.text_encoder, text_info);
  info.components.push_back(text_info);

  if (folder.adapter) {
    const ComponentInfo adapter_info = inspectAdapterFolder(*folder.adapter);
    info.components.push_back(adapter_info);
    info.has_adapter = true;
    info.adapter = adapter_info.architecture;
  }
  return info;
}

}  // namespace aicl
