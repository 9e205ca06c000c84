#pragma once
// The AutoencoderKLConfig of an LDM first-stage model (CompVis latent-diffusion, LVDM/EchoReel's
// first_stage_config.params): `ddconfig` (ch, ch_mult, num_res_blocks, attn_resolutions, resolution, z_channels,
// double_z, in_channels, out_ch, dropout) and `embed_dim`. LDM's Encoder/Decoder are the blocks diffusers'
// AutoencoderKL mirrors; a level gets attention blocks (Attn*Block2D) when its resolution, `resolution` halved per
// level, is in attn_resolutions.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "vae/autoencoder_kl_config.h"

namespace aicl::vae {

// LDM leaves the latent scale to the diffusion model (LatentDiffusion.scale_factor); this is its usual value.
inline constexpr double kLdmScaleFactor = 0.18215;

// `params` holds "ddconfig" and "embed_dim". Settings the modules cannot reproduce (single z, z_channels !=
// embed_dim, ch_mult[0] != 1, resampling without conv, tanh_out, give_pre_end, linear attention) throw
// aicl::Error naming `source` and the key.
AutoencoderKLConfig autoencoderKLConfigFromLdm(const nlohmann::json& params, const std::string& source,
                                               double scale_factor = kLdmScaleFactor);
// A JSON file holding `params` (ddconfig + embed_dim) at its root.
AutoencoderKLConfig readLdmAutoencoderKLConfig(const std::filesystem::path& path,
                                               double scale_factor = kLdmScaleFactor);

}  // namespace aicl::vae
