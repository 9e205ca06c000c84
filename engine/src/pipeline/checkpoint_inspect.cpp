#include "aicl/checkpoint_inspect.h"

#include <map>
#include <set>

#include "aicl/torch_checkpoint.h"

namespace aicl {

namespace {

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

struct PartSummary {
  int64_t parameters = 0;
  int64_t tensors = 0;
  std::set<std::string> dtypes;
};

std::string joined(const std::set<std::string>& values) {
  std::string text;
  for (const auto& value : values) text += (text.empty() ? "" : "+") + value;
  return text;
}

// A dimension of a named weight, or 0 when the checkpoint does not have it.
int64_t dimensionOf(const std::map<std::string, std::vector<int64_t>>& shapes, const std::string& key, size_t axis) {
  const auto it = shapes.find(key);
  return it != shapes.end() && it->second.size() > axis ? it->second[axis] : 0;
}

int64_t countWithPrefixAndSuffix(const std::map<std::string, std::vector<int64_t>>& shapes, const std::string& prefix,
                                 const std::string& suffix) {
  int64_t count = 0;
  for (const auto& [key, shape] : shapes)
    count += startsWith(key, prefix) && key.size() >= suffix.size() &&
             key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
  return count;
}

std::string architectureOf(CheckpointPart part, const std::map<std::string, std::vector<int64_t>>& shapes) {
  switch (part) {
    case CheckpointPart::UNet: {
      const int64_t channels = dimensionOf(shapes, "model.diffusion_model.input_blocks.0.0.weight", 0);
      const int64_t context = dimensionOf(
          shapes, "model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", 1);
      std::string text = "LVDM UNet (input_blocks / middle_block / output_blocks)";
      if (channels > 0) text += ", " + std::to_string(channels) + " model channels";
      if (context > 0) text += ", text context " + std::to_string(context);
      return text;
    }
    case CheckpointPart::ActionPrism: return "EchoReel Action Prism (Perceiver, video_inject_process)";
    case CheckpointPart::ActionIntegration:
      return "EchoReel Action Integration (video_inject_* in " +
             std::to_string(countWithPrefixAndSuffix(shapes, "model.diffusion_model.", ".video_inject_norm7.weight")) +
             " transformer blocks)";
    case CheckpointPart::Vae: {
      const int64_t latent = dimensionOf(shapes, "first_stage_model.quant_conv.weight", 0);
      return "LDM AutoencoderKL" + (latent > 0 ? ", " + std::to_string(latent / 2) + " latent channels" : "");
    }
    case CheckpointPart::TextEncoder: {
      const int64_t layers = countWithPrefixAndSuffix(shapes, "cond_stage_model.transformer.", ".self_attn.q_proj.weight");
      return "CLIP text encoder (cond_stage_model.transformer), " + std::to_string(layers) + " layers";
    }
    case CheckpointPart::DiffusionBuffers: return "diffusion schedule buffers";
    case CheckpointPart::Other: return "other tensors";
  }
  return {};
}

}  // namespace

const char* checkpointPartName(CheckpointPart part) {
  switch (part) {
    case CheckpointPart::DiffusionBuffers: return "diffusion_buffers";
    case CheckpointPart::UNet: return "unet_base";
    case CheckpointPart::ActionPrism: return "unet_action_prism";
    case CheckpointPart::ActionIntegration: return "unet_inject_layers";
    case CheckpointPart::Vae: return "first_stage_model";
    case CheckpointPart::TextEncoder: return "cond_stage_model";
    case CheckpointPart::Other: return "other";
  }
  return "other";
}

std::string withoutWrapperPrefix(const std::string& key) {
  for (const char* wrapper : {"_forward_module.", "module."})
    if (startsWith(key, wrapper)) return key.substr(std::string(wrapper).size());
  return key;
}

CheckpointPart checkpointPartOf(const std::string& key) {
  if (startsWith(key, "model.diffusion_model.")) {
    if (startsWith(key, "model.diffusion_model.video_inject_process.")) return CheckpointPart::ActionPrism;
    if (key.find(".video_inject_") != std::string::npos) return CheckpointPart::ActionIntegration;
    return CheckpointPart::UNet;
  }
  if (startsWith(key, "first_stage_model.")) return CheckpointPart::Vae;
  if (startsWith(key, "cond_stage_model.")) return CheckpointPart::TextEncoder;
  if (key.find('.') == std::string::npos) return CheckpointPart::DiffusionBuffers;
  return CheckpointPart::Other;
}

ModelInfo inspectCheckpointFile(const std::filesystem::path& file) {
  const TorchCheckpoint checkpoint(file);
  std::map<CheckpointPart, PartSummary> parts;
  std::map<std::string, std::vector<int64_t>> shapes;
  for (const auto& info : checkpoint.tensorInfos(checkpoint.defaultStateDictPath())) {
    const std::string key = withoutWrapperPrefix(info.name);
    int64_t numel = 1;
    for (const int64_t size : info.shape) numel *= size;
    PartSummary& part = parts[checkpointPartOf(key)];
    part.parameters += numel;
    part.tensors += 1;
    part.dtypes.insert(dtypeName(info.dtype));
    shapes[key] = info.shape;
  }
  ModelInfo model;
  model.folder = file;
  for (const auto& [part, summary] : parts) {
    model.components.push_back({checkpointPartName(part), architectureOf(part, shapes), summary.parameters,
                                joined(summary.dtypes)});
  }
  model.has_adapter = parts.count(CheckpointPart::ActionPrism) && parts.count(CheckpointPart::ActionIntegration);
  if (model.has_adapter)
    model.adapter = "EchoReel AICL: Action Prism " + std::to_string(parts[CheckpointPart::ActionPrism].parameters) +
                    " parameters, Action Integration " +
                    std::to_string(parts[CheckpointPart::ActionIntegration].parameters) + " parameters";
  const int64_t latent = dimensionOf(shapes, "first_stage_model.quant_conv.weight", 0) / 2;
  model.latent_channels = static_cast<int>(latent);
  return model;
}

}  // namespace aicl
