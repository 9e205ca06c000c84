// convertCheckpoint: an LVDM/EchoReel LatentDiffusion checkpoint to a model folder the pipeline reads.
#include "aicl/checkpoint_convert.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "aicl/checkpoint_inspect.h"
#include "aicl/error.h"
#include "aicl/logging.h"
#include "aicl/torch_checkpoint.h"
#include "core/json_file.h"
#include "echoreel/lvdm_unet.h"
#include "io/atomic_file.h"
#include "io/weight_loader.h"
#include "sampling/scheduler.h"
#include "text/clip_text_model.h"
#include "text/clip_tokenizer.h"
#include "vae/autoencoder_kl.h"
#include "vae/ldm_vae_config.h"
#include "vae/ldm_vae_weights.h"

namespace aicl {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Shapes = std::map<std::string, std::vector<int64_t>>;

namespace {

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }
bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The parts written, with the checkpoint prefix each one's keys lose.
struct PartSpec {
  const char* name;
  const char* prefix;
  const char* label;
};
const PartSpec kUNet{"unet", "model.diffusion_model.", "UNet"};
const PartSpec kVae{"vae", "first_stage_model.", "VAE"};
const PartSpec kTextEncoder{"text_encoder", "cond_stage_model.transformer.", "text encoder"};

// The written part a wrapper-free key belongs to (nullptr: ignored), from checkpoint_inspect's
// classification.
const PartSpec* convertedPartOf(const std::string& key) {
  switch (checkpointPartOf(key)) {
    case CheckpointPart::UNet:
    case CheckpointPart::ActionPrism:
    case CheckpointPart::ActionIntegration:
      return &kUNet;
    case CheckpointPart::Vae:
      return startsWith(key, "first_stage_model.loss.") ? nullptr : &kVae;  // training loss
    case CheckpointPart::TextEncoder:
      return startsWith(key, kTextEncoder.prefix) ? &kTextEncoder : nullptr;
    default:
      return nullptr;
  }
}

int64_t numel(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (const int64_t size : shape) n *= size;
  return n;
}

// The checkpoint's tensors by wrapper-free key, read part by part on demand (the released file is ~3.6 GB).
class CheckpointTensors {
 public:
  explicit CheckpointTensors(const fs::path& file) : file_(file) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), ::tolower);
    if (extension == ".safetensors") {
      safetensors_.emplace(file);
      const auto& views = safetensors_->tensors();
      for (size_t i = 0; i < views.size(); ++i) add(views[i].name, views[i].shape, i);
    } else {
      torch_.emplace(file);
      infos_ = torch_->tensorInfos(torch_->defaultStateDictPath());
      for (size_t i = 0; i < infos_.size(); ++i) add(infos_[i].name, infos_[i].shape, i);
    }
    if (shapes_.empty()) throw Error(file.string() + ": no tensors found (expected a state dict)");
  }

  const Shapes& shapes() const { return shapes_; }
  // The shapes of one part, keys without its prefix.
  Shapes partShapes(const PartSpec& part) const {
    Shapes shapes;
    for (const auto& [key, shape] : shapes_)
      if (convertedPartOf(key) == &part) shapes[key.substr(std::strlen(part.prefix))] = shape;
    return shapes;
  }
  // The tensors of one part, keys without its prefix, in their stored dtype.
  std::map<std::string, torch::Tensor> readPart(const PartSpec& part) const {
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& [key, index] : index_)
      if (convertedPartOf(key) == &part) tensors[key.substr(std::strlen(part.prefix))] = read(index);
    return tensors;
  }
  std::optional<torch::Tensor> readKey(const std::string& key) const {
    const auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    return read(it->second);
  }

 private:
  void add(const std::string& name, const std::vector<int64_t>& shape, size_t index) {
    const std::string key = withoutWrapperPrefix(name);
    if (!index_.emplace(key, index).second)
      throw Error(file_.string() + ": two tensors named '" + key + "' (with and without a wrapper prefix)");
    shapes_[key] = shape;
  }
  torch::Tensor read(size_t index) const {
    if (safetensors_) return tensorFromView(safetensors_->tensors()[index]);
    const CheckpointTensor stored = torch_->read(infos_[index]);
    auto tensor = torch::empty(stored.shape, torch::TensorOptions().dtype(toTorchDtype(stored.dtype)));
    if (!stored.data.empty()) std::memcpy(tensor.data_ptr(), stored.data.data(), stored.data.size());
    return tensor;
  }

  fs::path file_;
  std::optional<SafetensorsFile> safetensors_;
  std::optional<TorchCheckpoint> torch_;
  std::vector<CheckpointTensorInfo> infos_;
  std::map<std::string, size_t> index_;
  Shapes shapes_;
};

// ---- sizes: the released config (configs/gr.yaml + EchoReel's source literals), then what the weights tell
// ----

json releasedUNetConfig() {
  return {{"_class_name", "EchoReelUNetModel"},
          {"unet_constructor",
           {{"image_size", 32},
            {"in_channels", 4},
            {"out_channels", 4},
            {"model_channels", 320},
            {"attention_resolutions", {4, 2, 1}},
            {"num_res_blocks", 2},
            {"channel_mult", {1, 2, 4, 4}},
            {"num_heads", 8},
            {"num_head_channels", -1},
            {"transformer_depth", 1},
            {"context_dim", 768},
            {"use_checkpoint", false},
            {"legacy", false},
            {"kernel_size_t", 1},
            {"padding_t", 0},
            {"use_temporal_transformer", true},
            {"temporal_length", 16},
            {"use_relative_position", true},
            {"video_inject", true}}},
          {"perceiver",
           {{"input_query_dim", 4},
            {"latent_query_dim", 640},
            {"input_context_dim", 768},
            {"latent_context_dim", 768},
            {"layers", 18},
            {"layer_n_heads", 8},
            {"layer_d_head", 80},
            {"layer_temporal_length", 16},
            {"head_out_features", 4}}},
          {"inject", {{"video_inject_attn3_tmp_context_dim", 4096}, {"video_inject_attn3_context_dim", 64}}}};
}

json releasedLdmVaeParams() {
  return {{"embed_dim", 4},
          {"ddconfig",
           {{"double_z", true},
            {"z_channels", 4},
            {"resolution", 256},
            {"in_channels", 3},
            {"out_ch", 3},
            {"ch", 128},
            {"ch_mult", {1, 2, 4, 4}},
            {"num_res_blocks", 2},
            {"attn_resolutions", json::array()},
            {"dropout", 0.0}}}};
}

// openai/clip-vit-large-patch14's text model (FrozenCLIPEmbedder.transformer).
json releasedTextConfig() {
  return {{"architectures", json::array({"CLIPTextModel"})},
          {"model_type", "clip_text_model"},
          {"vocab_size", 49408},
          {"hidden_size", 768},
          {"intermediate_size", 3072},
          {"projection_dim", 768},
          {"num_hidden_layers", 12},
          {"num_attention_heads", 12},
          {"max_position_embeddings", 77},
          {"hidden_act", "quick_gelu"},
          {"layer_norm_eps", 1e-5},
          {"attention_dropout", 0.0},
          {"dropout", 0.0},
          {"initializer_factor", 1.0},
          {"initializer_range", 0.02},
          {"bos_token_id", 49406},
          {"eos_token_id", 49407},
          {"pad_token_id", 1},
          {"torch_dtype", "float32"}};
}

constexpr double kReleasedScaleFactor = 0.18215;  // gr.yaml scale_factor

// A dimension of a weight, or 0 when the checkpoint does not have it.
int64_t dim(const Shapes& shapes, const std::string& key, size_t axis) {
  const auto it = shapes.find(key);
  return it != shapes.end() && it->second.size() > axis ? it->second[axis] : 0;
}

// 1 + the largest N of the keys "<head>N.*" (0 when there is none).
int64_t countIndexed(const Shapes& shapes, const std::string& head) {
  int64_t count = 0;
  for (auto it = shapes.lower_bound(head); it != shapes.end() && startsWith(it->first, head); ++it) {
    const std::string rest = it->first.substr(head.size());
    const size_t digits = rest.find_first_not_of("0123456789");
    if (digits == 0 || digits == std::string::npos || rest[digits] != '.') continue;
    count = std::max<int64_t>(count, std::stoll(rest.substr(0, digits)) + 1);
  }
  return count;
}

void setDetected(json& config, const char* key, int64_t value) {
  if (value > 0) config[key] = value;
}

void detectUNet(const Shapes& s, json& config) {
  json& c = config["unet_constructor"];
  const int64_t model_channels = dim(s, "input_blocks.0.0.weight", 0);
  setDetected(c, "model_channels", model_channels);
  setDetected(c, "in_channels", dim(s, "input_blocks.0.0.weight", 1));
  setDetected(c, "out_channels", dim(s, "out.2.weight", 0));
  // input_blocks: the input conv, then per level num_res_blocks blocks and a Downsample (none after the
  // last).
  int64_t levels = 1;
  for (const auto& entry : s)
    levels += startsWith(entry.first, "input_blocks.") && endsWith(entry.first, ".0.op.weight");
  const int64_t blocks = countIndexed(s, "input_blocks.");
  if (model_channels > 0 && blocks % levels == 0 && blocks / levels >= 2) {
    const int64_t res_blocks = blocks / levels - 1;
    std::vector<int64_t> mult, attention;
    for (int64_t level = 0; level < levels; ++level) {
      const std::string block = "input_blocks." + std::to_string(1 + level * (res_blocks + 1));
      mult.push_back(dim(s, block + ".0.out_layers.3.weight", 0) / model_channels);
      if (s.count(block + ".1.proj_in.weight")) attention.push_back(int64_t{1} << level);
    }
    if (std::find(mult.begin(), mult.end(), 0) == mult.end()) {
      c["num_res_blocks"] = res_blocks;
      c["channel_mult"] = mult;
      c["attention_resolutions"] = attention;
    }
  }
  // Transformer blocks (outside the prism): context width, depth, heads from the relative-position tables.
  std::set<int64_t> heads, head_dims, temporal_lengths;
  int64_t depth = 0;
  bool tables = false;
  json& inject = config["inject"];
  for (const auto& [key, shape] : s) {
    if (startsWith(key, "video_inject_process.") || !endsWith(key, ".attn2.to_k.weight")) continue;
    const std::string block = key.substr(0, key.size() - std::string("attn2.to_k.weight").size());
    setDetected(c, "context_dim", shape.size() > 1 ? shape[1] : 0);
    setDetected(inject, "video_inject_attn3_tmp_context_dim",
                dim(s, block + "video_inject_attn3_tmp.to_k.weight", 1));
    setDetected(inject, "video_inject_attn3_context_dim",
                dim(s, block + "video_inject_attn3.to_k.weight", 1));
    const size_t at = block.find("transformer_blocks.");
    if (at != std::string::npos) depth = std::max(depth, countIndexed(s, block.substr(0, at + 19)));
    const std::string table = block + "attn1_tmp.relative_position_k.embeddings_table";
    if (const int64_t head_dim = dim(s, table, 1); head_dim > 0) {
      tables = true;
      head_dims.insert(head_dim);
      heads.insert(dim(s, block + "attn1_tmp.to_q.weight", 0) / head_dim);
      temporal_lengths.insert((dim(s, table, 0) - 1) / 2);
    }
  }
  setDetected(c, "transformer_depth", depth);
  if (depth > 0) c["use_relative_position"] = tables;
  if (heads.size() == 1) {  // LVDM's num_heads: the same head count at every width
    c["num_heads"] = *heads.begin();
    c["num_head_channels"] = -1;
  } else if (head_dims.size() == 1) {
    c["num_heads"] = -1;
    c["num_head_channels"] = *head_dims.begin();
  }
  if (temporal_lengths.size() == 1) setDetected(c, "temporal_length", *temporal_lengths.begin());

  const std::string prism = "video_inject_process.";
  c["video_inject"] = s.lower_bound(prism) != s.end() && startsWith(s.lower_bound(prism)->first, prism);
  if (!c["video_inject"].get<bool>()) return;
  json& p = config["perceiver"];
  setDetected(p, "input_query_dim", dim(s, prism + "video_to_latent.weight", 1));
  setDetected(p, "latent_query_dim", dim(s, prism + "video_to_latent.weight", 0));
  setDetected(p, "input_context_dim", dim(s, prism + "input_to_latent.weight", 1));
  setDetected(p, "latent_context_dim", dim(s, prism + "input_to_latent.weight", 0));
  setDetected(p, "layers", countIndexed(s, prism + "net."));
  const std::string table = prism + "net.0.attn1_tmp.relative_position_k.embeddings_table";
  if (const int64_t head_dim = dim(s, table, 1); head_dim > 0) {
    setDetected(p, "layer_d_head", head_dim);
    setDetected(p, "layer_n_heads", dim(s, prism + "net.0.attn1_tmp.to_q.weight", 0) / head_dim);
    setDetected(p, "layer_temporal_length", (dim(s, table, 0) - 1) / 2);
  }
  setDetected(p, "head_out_features", dim(s, prism + "latent_to_T.2.weight", 0));
  // The inject attends to Tout rows of (reference H*W) * head_out_features: the latent size the model was
  // made for.
  const int64_t tokens = inject.value("video_inject_attn3_tmp_context_dim", int64_t{0}) /
                         std::max<int64_t>(1, p.value("head_out_features", int64_t{4}));
  const auto side = static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(tokens))));
  if (side > 0 && side * side == tokens) c["image_size"] = side;
}

// LDM names (first_stage_model.* without the prefix) -> ddconfig / embed_dim; attention levels come later,
// once the resolution is final.
void detectLdmVae(const Shapes& s, json& params, int64_t latent_size) {
  json& dd = params["ddconfig"];
  const int64_t ch = dim(s, "encoder.conv_in.weight", 0);
  setDetected(dd, "ch", ch);
  setDetected(dd, "in_channels", dim(s, "encoder.conv_in.weight", 1));
  setDetected(dd, "out_ch", dim(s, "decoder.conv_out.weight", 0));
  const int64_t z = dim(s, "decoder.conv_in.weight", 1);
  setDetected(dd, "z_channels", z);
  if (z > 0) dd["double_z"] = dim(s, "encoder.conv_out.weight", 0) == 2 * z;
  setDetected(params, "embed_dim", dim(s, "post_quant_conv.weight", 1));
  setDetected(dd, "num_res_blocks", countIndexed(s, "encoder.down.0.block."));
  const int64_t levels = countIndexed(s, "encoder.down.");
  std::vector<int64_t> mult;
  for (int64_t level = 0; level < levels && ch > 0; ++level)
    mult.push_back(dim(s, "encoder.down." + std::to_string(level) + ".block.0.conv2.weight", 0) / ch);
  if (!mult.empty() && std::find(mult.begin(), mult.end(), 0) == mult.end()) {
    dd["ch_mult"] = mult;
    // The images the UNet's latent size stands for.
    if (latent_size > 0) dd["resolution"] = latent_size << (levels - 1);
  }
}

void detectAttentionLevels(const Shapes& s, json& params) {
  json& dd = params["ddconfig"];
  const int64_t resolution = dd.value("resolution", int64_t{256});
  json levels = json::array();
  for (int64_t level = 0; level < countIndexed(s, "encoder.down."); ++level)
    if (s.count("encoder.down." + std::to_string(level) + ".attn.0.q.weight"))
      levels.push_back(resolution >> level);
  dd["attn_resolutions"] = levels;
}

void detectText(const Shapes& s, json& config) {
  const int64_t hidden = dim(s, "text_model.embeddings.token_embedding.weight", 1);
  setDetected(config, "vocab_size", dim(s, "text_model.embeddings.token_embedding.weight", 0));
  setDetected(config, "hidden_size", hidden);
  setDetected(config, "projection_dim", hidden);
  setDetected(config, "max_position_embeddings",
              dim(s, "text_model.embeddings.position_embedding.weight", 0));
  setDetected(config, "num_hidden_layers", countIndexed(s, "text_model.encoder.layers."));
  setDetected(config, "intermediate_size", dim(s, "text_model.encoder.layers.0.mlp.fc1.weight", 0));
  // CLIP's text transformers all have 64-wide heads; other widths need the count from --config.
  if (hidden > 0) config["num_attention_heads"] = hidden % 64 == 0 ? json(hidden / 64) : json();
}

json vaeConfigJson(const vae::AutoencoderKLConfig& c) {
  return {{"_class_name", "AutoencoderKL"},
          {"in_channels", c.in_channels},
          {"out_channels", c.out_channels},
          {"down_block_types", c.down_block_types},
          {"up_block_types", c.up_block_types},
          {"block_out_channels", c.block_out_channels},
          {"layers_per_block", c.layers_per_block},
          {"act_fn", c.act_fn},
          {"latent_channels", c.latent_channels},
          {"norm_num_groups", c.norm_num_groups},
          {"sample_size", c.sample_size},
          {"scaling_factor", c.scaling_factor},
          {"shift_factor", nullptr},
          {"mid_block_add_attention", c.mid_block_add_attention},
          {"use_quant_conv", c.use_quant_conv},
          {"use_post_quant_conv", c.use_post_quant_conv}};
}

// LVDM's DDIM: "linear" betas = linspace(sqrt(start), sqrt(end))^2 (diffusers' scaled_linear), timesteps
// range(0, 1000, 1000 // S) + 1 (leading spacing, offset 1), the last step's alpha_prev = alphas_cumprod[0],
// x0 not clipped. Betas stored in the checkpoint that differ from that schedule are written as trained_betas.
json schedulerConfig(const CheckpointTensors& tensors, const std::string& source) {
  json config = {{"_class_name", "DDIMScheduler"},
                 {"num_train_timesteps", 1000},
                 {"beta_start", 0.00085},
                 {"beta_end", 0.012},
                 {"beta_schedule", "scaled_linear"},
                 {"trained_betas", nullptr},
                 {"prediction_type", "epsilon"},
                 {"timestep_spacing", "leading"},
                 {"steps_offset", 1},
                 {"set_alpha_to_one", false},
                 {"clip_sample", false}};
  const auto stored = tensors.readKey("betas");
  if (!stored || stored->dim() != 1) return config;
  const auto betas = stored->to(torch::kFloat64);
  const auto expected = NoiseSchedule(SchedulerConfig::fromJson(config, source)).betas.to(torch::kFloat64);
  if (betas.size(0) == expected.size(0) && torch::allclose(betas, expected, 1e-5, 1e-9)) return config;
  logger()->warn(
      "convert: {}: the stored betas are not LVDM's default schedule; writing them as trained_betas", source);
  config["num_train_timesteps"] = betas.size(0);
  config["trained_betas"] =
      std::vector<double>(betas.data_ptr<double>(), betas.data_ptr<double>() + betas.size(0));
  return config;
}

json modelIndex(const fs::path& checkpoint, int64_t frames) {
  return {{"_class_name", "EchoReelPipeline"},
          {"_aicl_converted_from", checkpoint.filename().string()},
          {"unet", json::array({"aicl", "EchoReelUNetModel"})},
          {"vae", json::array({"diffusers", "AutoencoderKL"})},
          {"text_encoder", json::array({"transformers", "CLIPTextModel"})},
          {"tokenizer", json::array({"transformers", "CLIPTokenizer"})},
          {"scheduler", json::array({"diffusers", "DDIMScheduler"})},
          {"aicl_sampling", {{"steps", 50}, {"guidance", 12.0}, {"scheduler", "ddim"}, {"frames", frames}}}};
}

// FrozenCLIPEmbedder's tokenizer (openai/clip-vit-large-patch14): pads to 77 with the end token.
json tokenizerConfig() {
  return {
      {"tokenizer_class", "CLIPTokenizer"}, {"model_max_length", 77},       {"do_lower_case", true},
      {"bos_token", "<|startoftext|>"},     {"eos_token", "<|endoftext|>"}, {"unk_token", "<|endoftext|>"},
      {"pad_token", "<|endoftext|>"},       {"errors", "replace"},          {"add_prefix_space", false}};
}

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

bool hasTokenizerFiles(const fs::path& dir) {
  return fs::is_regular_file(dir / "vocab.json") && fs::is_regular_file(dir / "merges.txt");
}

std::vector<fs::path> huggingFaceHubs() {
  std::vector<fs::path> hubs;
  if (const auto hub = environment("HF_HUB_CACHE"); !hub.empty()) hubs.emplace_back(hub);
  if (const auto home = environment("HF_HOME"); !home.empty()) hubs.push_back(fs::path(home) / "hub");
  if (const auto cache = environment("XDG_CACHE_HOME"); !cache.empty())
    hubs.push_back(fs::path(cache) / "huggingface" / "hub");
  if (const auto home = environment("HOME"); !home.empty())
    hubs.push_back(fs::path(home) / ".cache" / "huggingface" / "hub");
  return hubs;
}

// The overrides: the given file, else <checkpoint stem>.convert.json beside the checkpoint when there is one.
fs::path overridesFile(const fs::path& checkpoint, const fs::path& given) {
  if (!given.empty()) return given;
  auto sidecar = checkpoint;
  sidecar.replace_extension(".convert.json");
  return fs::is_regular_file(sidecar) ? sidecar : fs::path();
}

fs::path findTokenizer(const fs::path& checkpoint, const fs::path& given) {
  if (!given.empty()) {
    if (!hasTokenizerFiles(given))
      throw Error(given.string() + ": no vocab.json and merges.txt in this --tokenizer folder");
    return given;
  }
  const fs::path beside = fs::absolute(checkpoint).parent_path();
  // clip-vit-large-patch14/ is where FrozenCLIPEmbedder itself looks first.
  for (const char* name : {"tokenizer", "clip-vit-large-patch14"})
    if (hasTokenizerFiles(beside / name)) return beside / name;
  for (const auto& hub : huggingFaceHubs()) {
    const fs::path snapshots = hub / "models--openai--clip-vit-large-patch14" / "snapshots";
    std::error_code error;
    if (!fs::is_directory(snapshots, error)) continue;
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(snapshots, error))
      for (const auto& dir : {entry.path(), entry.path() / "tokenizer"})
        if (hasTokenizerFiles(dir)) found.push_back(dir);
    if (!found.empty()) return *std::max_element(found.begin(), found.end());
  }
  throw Error(checkpoint.string() +
              ": no CLIP tokenizer found (vocab.json + merges.txt of openai/clip-vit-large-patch14): pass "
              "--tokenizer DIR, or put a tokenizer/ folder beside the checkpoint");
}

// The --config file: an object with the known sections only.
json readOverrides(const fs::path& path) {
  if (path.empty()) return json::object();
  json overrides = readJsonFile(path);
  if (!overrides.is_object()) throw Error(path.string() + ": expected a JSON object");
  for (const auto& [key, value] : overrides.items()) {
    const bool section = key == "unet" || key == "text_encoder" || key == "vae";
    if (section ? value.is_object() : key == "scale_factor" && value.is_number()) continue;
    throw Error(path.string() + ": key '" + key +
                "': expected \"unet\", \"text_encoder\", \"vae\" (objects) or \"scale_factor\" (a number)");
  }
  return overrides;
}

// Rethrows a failure to load a written part as one message naming the checkpoint and the destination (not the
// temporary folder it was loaded from).
struct PartVerifier {
  std::string source;
  std::string staging, out;
  template <typename Load>
  void operator()(const std::string& what, Load&& load) const {
    try {
      load();
    } catch (const std::exception& e) {
      std::string message = e.what();
      for (size_t at = message.find(staging); at != std::string::npos;
           at = message.find(staging, at + out.size()))
        message.replace(at, staging.size(), out);
      throw Error(source + ": the converted " + what + " does not load: " + message);
    }
  }
};

struct Staged {
  const fs::path& dir;
  void write(const std::string& component, const std::string& config_name, const json& config) const {
    fs::create_directories(dir / component);
    writeJsonFile(dir / component / config_name, config);
  }
};

}  // namespace

ConvertOptions defaultConvertOptions() { return {}; }

ConvertSummary convertCheckpoint(const fs::path& checkpoint, const fs::path& out_folder,
                                 const ConvertOptions& options) {
  const std::string source = checkpoint.string();
  if (!fs::is_regular_file(checkpoint)) throw Error(source + ": no such file");
  fs::path out = fs::absolute(out_folder).lexically_normal();
  if (!out.has_filename()) out = out.parent_path();
  if (out_folder.empty() || !out.has_filename()) throw Error("convert: no destination folder given");
  const bool occupied = fs::exists(out) && !(fs::is_directory(out) && fs::is_empty(out));
  if (occupied && !options.overwrite)
    throw Error(out.string() + ": already exists (choose a new folder or overwrite it)");

  const CheckpointTensors tensors(checkpoint);
  ConvertSummary summary;
  summary.folder = out;
  std::string missing;
  for (const PartSpec* part : {&kUNet, &kVae, &kTextEncoder}) {
    ConvertedPart converted{part->name, part->prefix};
    for (const auto& [key, shape] : tensors.shapes()) {
      if (convertedPartOf(key) != part) continue;
      converted.tensors += 1;
      converted.parameters += numel(shape);
    }
    if (converted.tensors == 0)
      missing +=
          std::string(missing.empty() ? "" : ", ") + "no " + part->label + " weights (" + part->prefix + "*)";
    summary.parts.push_back(converted);
  }
  for (const auto& [key, shape] : tensors.shapes())
    if (!convertedPartOf(key)) summary.ignored_keys.push_back(key);
  if (!missing.empty())
    throw Error(source + ": " + missing + "; not an LVDM/EchoReel LatentDiffusion checkpoint? (first key: '" +
                tensors.shapes().begin()->first + "')");

  // Sizes: released values, then what the weights tell, then --config.
  const fs::path overrides_file = overridesFile(checkpoint, options.config);
  const json overrides = readOverrides(overrides_file);
  const std::string config_source = overrides_file.empty() ? source : overrides_file.string();
  json unet_config = releasedUNetConfig();
  detectUNet(tensors.partShapes(kUNet), unet_config);
  unet_config.merge_patch(overrides.value("unet", json::object()));
  const auto unet_sizes = echoreel::LvdmUNetConfig::fromJson(unet_config, config_source);  // validates

  Shapes text_shapes;
  for (const auto& [key, shape] : tensors.partShapes(kTextEncoder))
    text_shapes[startsWith(key, "text_model.") ? key : "text_model." + key] = shape;
  json text_config = releasedTextConfig();
  detectText(text_shapes, text_config);
  text_config.merge_patch(overrides.value("text_encoder", json::object()));
  if (!text_config["num_attention_heads"].is_number_integer())
    throw Error(source + ": the text encoder's head count does not follow from its width (" +
                text_config["hidden_size"].dump() +
                "): give it in --config as {\"text_encoder\": {\"num_attention_heads\": N}}");

  const Shapes vae_shapes = tensors.partShapes(kVae);
  json ldm_params = releasedLdmVaeParams();
  detectLdmVae(vae_shapes, ldm_params, unet_config["unet_constructor"].value("image_size", int64_t{0}));
  json ldm_overrides = json::object(), diffusers_overrides = json::object();
  for (const auto& [key, value] : overrides.value("vae", json::object()).items())
    (key == "ddconfig" || key == "embed_dim" ? ldm_overrides : diffusers_overrides)[key] = value;
  ldm_params.merge_patch(ldm_overrides);
  if (!ldm_overrides.value("ddconfig", json::object()).contains("attn_resolutions"))
    detectAttentionLevels(vae_shapes, ldm_params);
  const double scale_factor = overrides.value("scale_factor", kReleasedScaleFactor);
  const auto vae_sizes = vae::autoencoderKLConfigFromLdm(ldm_params, config_source, scale_factor);
  json vae_config = vaeConfigJson(vae_sizes);
  vae_config.merge_patch(diffusers_overrides);

  summary.tokenizer = findTokenizer(checkpoint, options.tokenizer);
  const json scheduler_config = schedulerConfig(tensors, source);

  logger()->info("convert: {} ({} tensors) -> {}", source, tensors.shapes().size(), out.string());
  const fs::path staging = temporaryPathFor(out);
  try {
    fs::create_directories(staging);
    const Staged staged{staging};
    staged.write("unet", "config.json", unet_config);
    saveTensors(staging / "unet" / "diffusion_pytorch_model.safetensors", tensors.readPart(kUNet));
    staged.write("vae", "config.json", vae_config);
    saveTensors(
        staging / "vae" / "diffusion_pytorch_model.safetensors",
        vae::autoencoderKLStateFromLdm(tensors.readPart(kVae),
                                       static_cast<int64_t>(vae_sizes.block_out_channels.size()), source));
    staged.write("text_encoder", "config.json", text_config);
    std::map<std::string, torch::Tensor> text;
    for (auto& [key, tensor] : tensors.readPart(kTextEncoder))
      text[startsWith(key, "text_model.") ? key : "text_model." + key] = tensor;
    saveTensors(staging / "text_encoder" / "model.safetensors", text);
    text.clear();
    staged.write("tokenizer", "tokenizer_config.json", tokenizerConfig());
    for (const char* name : {"vocab.json", "merges.txt"})
      fs::copy_file(summary.tokenizer / name, staging / "tokenizer" / name,
                    fs::copy_options::overwrite_existing);
    staged.write("scheduler", "scheduler_config.json", scheduler_config);

    if (options.verify) {
      const PartVerifier verify{source, staging.string(), out.string()};
      verify("UNet (" + std::string(kUNet.prefix) + "*)", [&] { echoreel::loadLvdmUNet(staging / "unet"); });
      verify("VAE (" + std::string(kVae.prefix) + "*)", [&] { vae::loadAutoencoderKL(staging / "vae"); });
      verify("text encoder (" + std::string(kTextEncoder.prefix) + "*)",
             [&] { text::loadClipTextModel(staging / "text_encoder"); });
      verify("tokenizer (" + summary.tokenizer.string() + ")", [&] {
        const auto tokenizer = text::ClipTokenizer::load(staging / "tokenizer" / "vocab.json",
                                                         staging / "tokenizer" / "merges.txt");
        if (tokenizer.eosId() >= text_config["vocab_size"].get<int64_t>())
          throw Error("its end token " + std::to_string(tokenizer.eosId()) +
                      " is outside the text encoder's vocabulary");
      });
      verify("scheduler", [&] {
        makeScheduler(SchedulerConfig::fromFile(staging / "scheduler" / "scheduler_config.json"))
            ->setTimesteps(50);
      });
    }
    writeJsonFile(staging / "model_index.json", modelIndex(checkpoint, unet_sizes.temporal_length));
    if (fs::exists(out)) {  // checked again: another process may have written it meanwhile
      if (!options.overwrite && !(fs::is_directory(out) && fs::is_empty(out)))
        throw Error(out.string() + ": already exists (choose a new folder or overwrite it)");
      fs::remove_all(out);
    }
    fs::rename(staging, out);
  } catch (const fs::filesystem_error& e) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    throw Error(out.string() + ": writing the converted model failed: " + e.what());
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    throw;
  }
  std::string ignored_text;
  for (size_t i = 0; i < summary.ignored_keys.size() && i < 4; ++i)
    ignored_text += (i ? ", " : "") + summary.ignored_keys[i];
  if (summary.ignored_keys.size() > 4) ignored_text += ", ...";
  for (const auto& part : summary.parts)
    logger()->info("convert: {}: {} tensors, {} parameters", part.name, part.tensors, part.parameters);
  logger()->info("convert: ignored {} tensors of no part ({})", summary.ignored_keys.size(), ignored_text);
  return summary;
}

namespace {

fs::path cacheRoot() {
  if (const auto cache = environment("XDG_CACHE_HOME"); !cache.empty()) return cache;
  if (const auto home = environment("HOME"); !home.empty()) return fs::path(home) / ".cache";
  if (const auto local = environment("LOCALAPPDATA"); !local.empty()) return local;
  return fs::temp_directory_path();
}

// FNV-1a over the file's absolute path, size and modification time.
uint64_t fingerprint(const fs::path& file, uint64_t hash) {
  const std::string identity = fs::absolute(file).lexically_normal().string() + "|" +
                               std::to_string(fs::file_size(file)) + "|" +
                               std::to_string(fs::last_write_time(file).time_since_epoch().count());
  for (const unsigned char c : identity) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

}  // namespace

fs::path convertedCheckpointFolder(const fs::path& checkpoint, const ConvertOptions& options) {
  if (!fs::is_regular_file(checkpoint)) throw Error(checkpoint.string() + ": no such file");
  uint64_t hash = fingerprint(checkpoint, 14695981039346656037ull);
  if (const auto overrides = overridesFile(checkpoint, options.config); !overrides.empty())
    hash = fingerprint(overrides, hash);
  if (!options.tokenizer.empty()) hash = fingerprint(options.tokenizer / "vocab.json", hash);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  const fs::path folder =
      cacheRoot() / "aicl-studio" / "converted" / (checkpoint.stem().string() + "-" + hex);
  // model_index.json is written last and the folder appears by one rename: present means complete.
  if (fs::is_regular_file(folder / "model_index.json")) return folder;
  fs::remove_all(folder);  // not a converted folder (e.g. emptied by hand)
  try {
    convertCheckpoint(checkpoint, folder, options);
  } catch (const Error&) {
    if (fs::is_regular_file(folder / "model_index.json")) return folder;  // another process finished first
    throw;
  }
  return folder;
}

}  // namespace aicl
