#pragma once
// Where a model's parts are on disk: a diffusers folder (model_index.json, unet/, vae/, text_encoder/,
// tokenizer/, scheduler/, and AICL's aicl/), each part a config.json plus safetensors weights (single or sharded).
// The one place that knows the layout: inference, inspect, pack-model and the trainers read folders through it.
// Only safetensors are read: pickle checkpoints (.bin, .ckpt, .pt) are refused with a message saying so.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "aicl/pipeline.h"

namespace aicl {

struct ComponentFiles {
  std::filesystem::path dir;
  std::filesystem::path config;                // <dir>/config.json
  std::vector<std::filesystem::path> weights;  // one file, or the shards named by *.safetensors.index.json
};

// Generation settings a model folder recommends (model_index.json "aicl_sampling"); 0: the application's default.
struct SamplingDefaults {
  int steps = 0;
  double guidance = 0.0;
};

struct ModelFolder {
  std::filesystem::path root;
  nlohmann::json model_index;  // empty object when the folder has no model_index.json
  ComponentFiles unet;
  std::string unet_class;  // unet/config.json _class_name: "UNet3DConditionModel" (default) or "EchoReelUNetModel"
  std::optional<ComponentFiles> vae;  // absent: the UNet works in pixel space
  ComponentFiles text_encoder;
  std::filesystem::path tokenizer_vocab;   // tokenizer/vocab.json
  std::filesystem::path tokenizer_merges;  // tokenizer/merges.txt
  std::string pad_token = "<|endoftext|>";  // tokenizer/tokenizer_config.json pad_token (ModelScope pads with "!")
  std::filesystem::path scheduler_config;  // scheduler/scheduler_config.json
  std::optional<std::filesystem::path> adapter;  // aicl/, when it has a config.json
  SamplingDefaults sampling;
};

// Finds every file or throws aicl::Error naming the missing one.
ModelFolder locateModelFolder(const std::filesystem::path& root);
// inspectModelFolder (aicl/pipeline.h) of a folder already located.
ModelInfo inspectLocatedModelFolder(const ModelFolder& folder, const std::filesystem::path& root);
// The weights of one component folder (config.json is checked by the caller).
std::vector<std::filesystem::path> locateWeights(const std::filesystem::path& component_dir);

}  // namespace aicl
