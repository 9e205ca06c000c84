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

ModelInfo inspectModelFolder(const std::filesystem::path& root) {
  const ModelFolder folder = locateModelFolder(root);
  if (!folder.vae && readJsonFile(folder.unet.config).value("in_channels", 4) != 3)
    throw Error(folder.unet.config.string() + ": a model without a VAE must have 3 in_channels (pixel space)");
  ModelInfo info;
  info.folder = root;

  const auto unet = readJsonFile(folder.unet.config);
  ComponentInfo unet_info{"unet", "", 0, ""};
  unet_info.architecture = jsonValue<std::string>(unet, "_class_name", "UNet3DConditionModel", folder.unet.config) +
                           " (" + joinInts(unet.value("block_out_channels", nlohmann::json::array())) + "), " +
                           std::to_string(unet.value("down_block_types", nlohmann::json::array()).size()) +
                           " down blocks, cross-attention " + unet.value("cross_attention_dim", nlohmann::json()).dump();
  summariseWeights(folder.unet, unet_info);
  info.components.push_back(unet_info);
  info.latent_channels = jsonValue<int>(unet, "in_channels", 4, folder.unet.config);
  const int sample_size = jsonValue<int>(unet, "sample_size", 32, folder.unet.config);

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

  if (std::filesystem::exists(root / "aicl" / "config.json")) {
    const ComponentInfo adapter_info = inspectAdapterFolder(root / "aicl");
    info.components.push_back(adapter_info);
    info.has_adapter = true;
    info.adapter = adapter_info.architecture;
  }
  return info;
}

}  // namespace aicl
