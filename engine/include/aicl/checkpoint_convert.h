#pragma once
// `aicl convert`: an LVDM/EchoReel LatentDiffusion checkpoint (the released checkpoint.pt: DeepSpeed
// `module`, Lightning `state_dict` or a plain dict; or one .safetensors file with the same prefixed keys) to
// a model folder: model_index.json, unet/ (EchoReelUNetModel), vae/ (diffusers AutoencoderKL), text_encoder/
// (CLIPTextModel), tokenizer/ and scheduler/ (DDIMScheduler equal to LVDM's DDIM sampler). Plain C++: no
// torch here.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace aicl {

struct ConvertOptions {
  // Optional JSON overriding sizes the weights do not tell: {"unet": <unet/config.json layout>,
  // "text_encoder": <CLIP config fields>, "vae": <LDM ddconfig/embed_dim and/or diffusers fields>,
  // "scale_factor": x}. Empty: <checkpoint stem>.convert.json beside the checkpoint, when there is one.
  std::filesystem::path config;
  // A folder with vocab.json + merges.txt; empty: tokenizer/ or clip-vit-large-patch14/ beside the
  // checkpoint, then the Hugging Face cache (openai/clip-vit-large-patch14).
  std::filesystem::path tokenizer;
  // Load every written part with the engine's loaders before the folder is published.
  bool verify = true;
  // Replace an existing destination (otherwise an existing, non-empty destination is an error).
  bool overwrite = false;
};
ConvertOptions defaultConvertOptions();

struct ConvertedPart {
  std::string name;    // "unet", "vae", "text_encoder"
  std::string prefix;  // its key prefix in the checkpoint
  int64_t tensors = 0;
  int64_t parameters = 0;
};

struct ConvertSummary {
  std::filesystem::path folder;
  std::vector<ConvertedPart> parts;
  std::vector<std::string>
      ignored_keys;                 // keys of no part (schedule buffers, model_ema.*, ...), wrapper-free
  std::filesystem::path tokenizer;  // where the tokenizer files came from
};

// Converts `checkpoint` into `out_folder`, written beside it under a temporary name and renamed at the end.
// Throws aicl::Error naming the file and the problem: unreadable file, a missing part ("no VAE weights
// (first_stage_model.*)"), a part that does not load into its model ("wrong shape for X: got [..], expected
// [..]"), no tokenizer found.
ConvertSummary convertCheckpoint(const std::filesystem::path& checkpoint,
                                 const std::filesystem::path& out_folder,
                                 const ConvertOptions& options = defaultConvertOptions());

// The checkpoint converted once into the cache ($XDG_CACHE_HOME or ~/.cache, then
// aicl-studio/converted/<stem>-<hash of path, size, mtime and the options' config>/), reused when it is
// there.
std::filesystem::path convertedCheckpointFolder(const std::filesystem::path& checkpoint,
                                                const ConvertOptions& options = defaultConvertOptions());

}  // namespace aicl
