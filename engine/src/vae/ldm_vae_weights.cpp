#include "vae/ldm_vae_weights.h"

#include "aicl/error.h"
#include "io/weight_loader.h"
#include "vae/vae_key_names.h"

namespace aicl::vae {

std::map<std::string, torch::Tensor> autoencoderKLStateFromLdm(const std::map<std::string, torch::Tensor>& ldm,
                                                               int64_t levels, const std::string& source) {
  std::map<std::string, torch::Tensor> converted;
  std::map<std::string, std::string> origin;  // module key -> LDM key, for the duplicate message
  for (const auto& [ldm_key, tensor] : ldm) {
    const std::string key = moduleKeyForLdmKey(ldm_key, levels);
    // Only a true 1x1 kernel is flattened; any other shape is left for the loader to report.
    const bool conv_kernel_1x1 = tensor.dim() == 4 && tensor.size(2) == 1 && tensor.size(3) == 1;
    const bool flatten = isLdmAttentionProjectionWeight(ldm_key) && conv_kernel_1x1;
    if (!converted.emplace(key, flatten ? tensor.flatten(1) : tensor).second)
      throw Error(source + ": two tensors provide '" + key + "': '" + origin[key] + "' and '" + ldm_key + "'");
    origin.emplace(key, ldm_key);
  }
  return converted;
}

void loadLdmAutoencoderKLWeights(AutoencoderKL& model, const std::map<std::string, torch::Tensor>& ldm,
                                 const std::string& source) {
  const auto levels = static_cast<int64_t>(model->config().block_out_channels.size());
  LoadOptions options = defaultLoadOptions();
  options.strict = true;
  loadModuleWeights(*model, autoencoderKLStateFromLdm(ldm, levels, source), source + " (LDM names)", options);
}

void loadLdmAutoencoderKLWeights(AutoencoderKL& model, const std::filesystem::path& file) {
  loadLdmAutoencoderKLWeights(model, loadTensors(file), file.string());
}

}  // namespace aicl::vae
