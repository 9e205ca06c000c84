#include "pipeline/model_folder.h"

#include <algorithm>
#include <set>

#include "aicl/error.h"
#include "core/json_file.h"

namespace aicl {
namespace fs = std::filesystem;

namespace {

fs::path requireFile(const fs::path& path) {
  if (!fs::is_regular_file(path)) throw Error(path.string() + ": missing file");
  return path;
}

std::vector<fs::path> filesWithSuffix(const fs::path& dir, const std::string& suffix) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

ComponentFiles locateComponent(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw Error(dir.string() + ": missing folder");
  return {dir, requireFile(dir / "config.json"), locateWeights(dir)};
}

}  // namespace

std::vector<fs::path> locateWeights(const fs::path& dir) {
  // Sharded checkpoints: the index names the shard of every tensor.
  if (auto indexes = filesWithSuffix(dir, ".safetensors.index.json"); !indexes.empty()) {
    const auto index = readJsonFile(indexes.front());
    if (!index.contains("weight_map") || !index["weight_map"].is_object())
      throw Error(indexes.front().string() + ": missing key 'weight_map'");
    std::set<std::string> shards;
    for (const auto& [tensor, shard] : index["weight_map"].items()) {
      if (!shard.is_string()) throw Error(indexes.front().string() + ": weight_map['" + tensor + "'] is not a file name");
      shards.insert(shard.get<std::string>());
    }
    std::vector<fs::path> files;
    for (const auto& shard : shards) {
      if (fs::path(shard).has_parent_path()) throw Error(indexes.front().string() + ": shard '" + shard + "' is not a plain file name");
      files.push_back(requireFile(dir / shard));
    }
    return files;
  }
  for (const char* name : {"diffusion_pytorch_model.safetensors", "model.safetensors"})
    if (fs::is_regular_file(dir / name)) return {dir / name};
  auto any = filesWithSuffix(dir, ".safetensors");
  if (any.size() == 1) return any;
  if (any.size() > 1)
    throw Error(dir.string() + ": several .safetensors files and no *.safetensors.index.json to say which to load");
  for (const char* pickle : {".bin", ".ckpt", ".pt", ".pth"}) {
    if (!filesWithSuffix(dir, pickle).empty())
      throw Error(dir.string() + ": only pickle weights (" + pickle +
                  ") found; they are never loaded (unsafe): convert them to .safetensors");
  }
  throw Error(dir.string() + ": no .safetensors weights");
}

ModelFolder locateModelFolder(const fs::path& root) {
  if (!fs::is_directory(root)) throw Error(root.string() + ": not a model folder (no such directory)");
  ModelFolder folder;
  folder.root = root;
  folder.model_index = fs::exists(root / "model_index.json") ? readJsonFile(root / "model_index.json")
                                                             : nlohmann::json::object();
  if (!folder.model_index.is_object()) throw Error((root / "model_index.json").string() + ": not a JSON object");
  folder.unet = locateComponent(root / "unet");
  folder.unet_class = jsonValue<std::string>(readJsonFile(folder.unet.config), "_class_name", "UNet3DConditionModel",
                                             folder.unet.config);
  // A model_index.json entry "vae": [null, null] (or no vae/ folder) means a pixel-space model.
  const bool vae_declared_absent = folder.model_index.contains("vae") && folder.model_index["vae"].is_array() &&
                                   !folder.model_index["vae"].empty() && folder.model_index["vae"][0].is_null();
  if (!vae_declared_absent && fs::exists(root / "vae")) folder.vae = locateComponent(root / "vae");
  else if (!vae_declared_absent && folder.model_index.contains("vae")) throw Error((root / "vae").string() + ": missing folder");
  folder.text_encoder = locateComponent(root / "text_encoder");
  folder.tokenizer_vocab = requireFile(root / "tokenizer" / "vocab.json");
  folder.tokenizer_merges = requireFile(root / "tokenizer" / "merges.txt");
  folder.scheduler_config = requireFile(root / "scheduler" / "scheduler_config.json");
  const auto tokenizer_config = root / "tokenizer" / "tokenizer_config.json";
  if (fs::exists(tokenizer_config)) {
    const auto config = readJsonFile(tokenizer_config);
    const auto pad = config.value("pad_token", nlohmann::json());
    if (pad.is_string()) folder.pad_token = pad.get<std::string>();
    else if (pad.is_object()) folder.pad_token = jsonValue<std::string>(pad, "content", folder.pad_token, tokenizer_config);
  }
  if (fs::exists(root / "aicl" / "config.json")) folder.adapter = root / "aicl";
  const auto sampling = folder.model_index.value("aicl_sampling", nlohmann::json::object());
  if (sampling.is_object()) {
    folder.sampling.steps = jsonValue<int>(sampling, "steps", 0, root / "model_index.json");
    folder.sampling.guidance = jsonValue<double>(sampling, "guidance", 0.0, root / "model_index.json");
  }
  return folder;
}

}  // namespace aicl
