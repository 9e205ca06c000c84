#pragma once
// The one table of checkpoint key-name conversions for AutoencoderKL weights: older converted VAE checkpoints
// name the mid-block attention projections query/key/value/proj_attn, current diffusers to_q/to_k/to_v/to_out.0.
#include <map>
#include <string>

namespace aicl::vae {

// Legacy checkpoint key -> current module key, for the encoder and the decoder mid-block attention.
std::map<std::string, std::string> legacyAutoencoderKLKeyMap();

}  // namespace aicl::vae
