#pragma once
// LDM-named AutoencoderKL weights (CompVis latent-diffusion, LVDM/EchoReel's first_stage_model with its prefix
// removed) into the diffusers-layout AutoencoderKL, through the name table in vae_key_names.h.
#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <string>

#include "vae/autoencoder_kl.h"

namespace aicl::vae {

// Renames an LDM state dict to the module's keys and reshapes the attention projections' 1x1 convolution kernels
// [C, C, 1, 1] to Linear weights [C, C]. `levels` is the number of resolution levels (len(ch_mult)). Keys outside
// the table are kept as they are (strict loading then reports them); two keys landing on one name throw
// aicl::Error naming both and `source`.
std::map<std::string, torch::Tensor> autoencoderKLStateFromLdm(const std::map<std::string, torch::Tensor>& ldm,
                                                               int64_t levels, const std::string& source);

// Strict, all-or-nothing loading of an LDM state dict; errors name `source` and every missing (module name),
// unexpected or wrong-shape key.
void loadLdmAutoencoderKLWeights(AutoencoderKL& model, const std::map<std::string, torch::Tensor>& ldm,
                                 const std::string& source);
// The same from a safetensors file.
void loadLdmAutoencoderKLWeights(AutoencoderKL& model, const std::filesystem::path& file);

}  // namespace aicl::vae
