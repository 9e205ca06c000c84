#pragma once
// A tiny EchoReel release: the echoreel_unet fixture's UNet, the ldm_vae fixture's VAE and a random 40-wide
// CLIP text encoder (the UNet's context_dim) in one .safetensors checkpoint keyed like checkpoint.pt's
// `module`
// ("_forward_module." + LatentDiffusion keys), and its conversion to a model folder with convertCheckpoint.
// Needs LibTorch headers and aicl_pipeline.
#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <string>

#include "aicl/checkpoint_convert.h"
#include "core/json_file.h"
#include "fixtures.h"
#include "io/weight_loader.h"
#include "text/clip_text_model.h"

namespace aicl::test {

struct TinyEchoReelFixtures {
  std::filesystem::path unet;       // kind echoreel_unet
  std::filesystem::path vae;        // kind ldm_vae
  std::filesystem::path tokenizer;  // kind clip_tokenizer
  std::filesystem::path manifest;   // manifest_echoreel (schedule buffers); optional
  bool complete() const { return !unet.empty() && !vae.empty() && !tokenizer.empty(); }
};

// The fixture of `kind` named `name`, else (when `any`) the first of that kind; empty when there is none.
inline std::filesystem::path fixtureNamed(const std::string& kind, const std::string& name, bool any = true) {
  const auto found = fixturesOfKind(kind);
  for (const auto& fixture : found)
    if (fixture.name == name) return fixture.dir;
  return any && !found.empty() ? found.front().dir : std::filesystem::path();
}

inline TinyEchoReelFixtures tinyEchoReelFixtures() {
  return {fixtureNamed("echoreel_unet", "echoreel_unet_tiny"), fixtureNamed("ldm_vae", "ldm_vae_tiny"),
          fixtureNamed("clip_tokenizer", "clip_tokenizer"),
          fixtureNamed("key_manifest", "manifest_echoreel", false)};
}

inline constexpr int64_t kTinyTextWidth = 40;  // = echoreel_unet_tiny's context_dim
inline constexpr int64_t kTinyTextHeads = 4;
inline constexpr int64_t kTinyTextLayers = 2;

// The LatentDiffusion state dict (keys without the wrapper), empty when a fixture is missing.
inline std::map<std::string, torch::Tensor> tinyEchoReelStateDict() {
  const auto fixtures = tinyEchoReelFixtures();
  if (!fixtures.complete()) return {};
  std::map<std::string, torch::Tensor> state;
  for (const auto& [key, tensor] : loadTensors(fixtures.unet / "weights.safetensors"))
    state["model.diffusion_model." + key] = tensor;
  for (const auto& [key, tensor] : loadTensors(fixtures.vae / "weights.safetensors"))
    state["first_stage_model." + key] = tensor;
  text::ClipTextConfig config;
  config.hidden_size = kTinyTextWidth;
  config.intermediate_size = 4 * kTinyTextWidth;
  config.num_attention_heads = kTinyTextHeads;
  config.num_hidden_layers = kTinyTextLayers;
  torch::manual_seed(20240321);
  text::ClipTextModel clip(config);
  for (const auto& item : clip->named_parameters())
    state["cond_stage_model.transformer." + item.key()] = item.value().detach().clone();
  // transformers 4.25 keeps position_ids in the state dict.
  state["cond_stage_model.transformer.text_model.embeddings.position_ids"] = torch::arange(77).unsqueeze(0);
  if (!fixtures.manifest.empty()) {
    for (const auto& [key, tensor] : loadTensors(fixtures.manifest / "schedule_buffers.safetensors"))
      if (key != "lvlb_weights") state[key] = tensor;  // lvlb_weights is not persistent
  }
  return state;
}

// Writes `state` as <dir>/tiny_echoreel.safetensors with the "_forward_module." wrapper of the release.
inline std::filesystem::path writeTinyEchoReelCheckpoint(const std::filesystem::path& dir,
                                                         const std::map<std::string, torch::Tensor>& state) {
  std::filesystem::create_directories(dir);
  std::map<std::string, torch::Tensor> wrapped;
  for (const auto& [key, tensor] : state) wrapped["_forward_module." + key] = tensor;
  const auto file = dir / "tiny_echoreel.safetensors";
  saveTensors(file, wrapped);
  return file;
}

// The options the tiny checkpoint converts with: the text encoder's head count (a width of 40 does not tell
// it) in <dir>/tiny_echoreel.convert.json (read by default beside the checkpoint), and the clip_tokenizer fixture.
inline ConvertOptions tinyEchoReelConvertOptions(const std::filesystem::path& dir) {
  ConvertOptions options = defaultConvertOptions();
  std::filesystem::create_directories(dir);
  options.config = dir / "tiny_echoreel.convert.json";
  writeJsonFile(options.config, {{"text_encoder", {{"num_attention_heads", kTinyTextHeads}}}});
  options.tokenizer = tinyEchoReelFixtures().tokenizer;
  return options;
}

// <dir>/model: the tiny checkpoint converted (replacing an earlier one); empty when a fixture is missing
// (skip).
inline std::filesystem::path makeTinyEchoReelModel(const std::filesystem::path& dir) {
  const auto state = tinyEchoReelStateDict();
  if (state.empty()) return {};
  const auto checkpoint = writeTinyEchoReelCheckpoint(dir, state);
  ConvertOptions options = tinyEchoReelConvertOptions(dir);
  options.overwrite = true;
  convertCheckpoint(checkpoint, dir / "model", options);
  return dir / "model";
}

}  // namespace aicl::test
