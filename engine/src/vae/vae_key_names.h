#pragma once
// The one table of checkpoint key-name conversions for AutoencoderKL weights:
// - older converted diffusers checkpoints name the mid-block attention projections query/key/value/proj_attn,
//   current diffusers to_q/to_k/to_v/to_out.0;
// - LDM checkpoints (CompVis latent-diffusion, LVDM/EchoReel's first_stage_model) use the original module tree:
//   encoder.down.I.block.J, mid.block_1/attn_1/block_2, norm_out, decoder.up.I with I = 0 the full-resolution
//   level (diffusers numbers the decoder's up_blocks from the lowest resolution), nin_shortcut, and attention
//   q/k/v/proj_out as 1x1 convolutions where the module has Linear layers.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace aicl::vae {

// Legacy checkpoint key -> current module key, for the encoder and the decoder mid-block attention.
std::map<std::string, std::string> legacyAutoencoderKLKeyMap();

// True when the keys follow LDM naming (they hold encoder.down.0.block.0.conv1.weight).
bool hasLdmAutoencoderKLNames(const std::vector<std::string>& keys);

// The module key of one LDM key in a model of `levels` resolution levels (len(ch_mult)); keys outside the LDM
// tree come back unchanged, so that strict loading reports them under their own name.
std::string moduleKeyForLdmKey(const std::string& ldm_key, int64_t levels);
// True for an LDM attention projection weight (q/k/v/proj_out): a [C, C, 1, 1] convolution kernel that the
// module holds as a [C, C] Linear weight.
bool isLdmAttentionProjectionWeight(const std::string& ldm_key);

}  // namespace aicl::vae
