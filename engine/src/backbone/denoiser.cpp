// Which denoiser a model folder holds: its unet/config.json _class_name.
#include "backbone/denoiser.h"

#include "aicl/error.h"
#include "backbone/echoreel_denoiser.h"
#include "backbone/unet3d_denoiser.h"
#include "pipeline/model_folder.h"

namespace aicl::backbone {

std::unique_ptr<Denoiser> loadDenoiser(const ModelFolder& folder, const std::filesystem::path& adapter_folder,
                                       torch::Dtype dtype, torch::Device device) {
  if (folder.unet_class == "UNet3DConditionModel") {
    const auto adapter_dir = adapter_folder.empty() ? folder.adapter.value_or(std::filesystem::path()) : adapter_folder;
    auto unet = unet::loadUNet3D(folder.unet.dir, dtype, device);
    adapter::AiclAdapter adapter{nullptr};
    if (!adapter_dir.empty()) adapter = adapter::loadAiclAdapter(adapter_dir, dtype, device);
    return std::make_unique<UNet3DDenoiser>(std::move(unet), std::move(adapter), adapter_dir);
  }
  if (folder.unet_class == "EchoReelUNetModel") {
    if (!adapter_folder.empty())
      throw Error(adapter_folder.string() + ": an EchoReel model carries its own Action Prism; no adapter folder applies");
    return std::make_unique<EchoReelDenoiser>(echoreel::loadLvdmUNet(folder.unet.dir, dtype, device));
  }
  throw Error(folder.unet.config.string() + ": unknown _class_name '" + folder.unet_class +
              "' (known: UNet3DConditionModel, EchoReelUNetModel)");
}

}  // namespace aicl::backbone
