#pragma once
// What a PyTorch checkpoint of an LVDM-style latent video diffusion model holds (the naming of the released
// EchoReel checkpoint.pt): its parts, found from the weight names alone, with their parameter counts. Reads
// the file with the weights-only reader (aicl/torch_checkpoint.h); builds no module. Plain C++.
#include <filesystem>
#include <string>

#include "aicl/pipeline.h"

namespace aicl {

// The parts, named as the released model's key manifest names them.
enum class CheckpointPart {
  DiffusionBuffers,   // "diffusion_buffers": betas, alphas_cumprod, ... (no prefix)
  UNet,               // "unet_base": model.diffusion_model.*
  ActionPrism,        // "unet_action_prism": model.diffusion_model.video_inject_process.* (EchoReel's Perceiver)
  ActionIntegration,  // "unet_inject_layers": model.diffusion_model.*.video_inject_*.*
  Vae,                // "first_stage_model": LDM AutoencoderKL
  TextEncoder,        // "cond_stage_model": CLIP text encoder
  Other,              // "other": anything else (EMA copies, optimiser leftovers)
};
const char* checkpointPartName(CheckpointPart part);

// The key without the wrappers training frameworks add ("_forward_module." of Lightning's DeepSpeed wrapper,
// "module." of DataParallel).
std::string withoutWrapperPrefix(const std::string& key);
// The part a (wrapper-free) key belongs to.
CheckpointPart checkpointPartOf(const std::string& key);

// The checkpoint's state dict (found as TorchCheckpoint::defaultStateDictPath does) summarised per part:
// architecture, parameter count and stored dtypes; has_adapter when the EchoReel parts are present.
// Throws aicl::Error naming the file for anything the reader refuses.
ModelInfo inspectCheckpointFile(const std::filesystem::path& file);

}  // namespace aicl
