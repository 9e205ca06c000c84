#include "text/clip_text_model.h"

#include <regex>
#include <set>

#include "aicl/error.h"
#include "aicl/safetensors.h"
#include "core/json_file.h"
#include "io/weight_loader.h"
#include "pipeline/model_folder.h"

namespace aicl::text {

ClipTextConfig ClipTextConfig::fromFile(const std::filesystem::path& path) {
  const auto json = readJsonFile(path);
  if (!json.is_object()) throw Error(path.string() + ": expected a JSON object");
  ClipTextConfig c;
  c.vocab_size = jsonValue(json, "vocab_size", c.vocab_size, path);
  c.hidden_size = jsonValue(json, "hidden_size", c.hidden_size, path);
  c.intermediate_size = jsonValue(json, "intermediate_size", c.intermediate_size, path);
  c.num_attention_heads = jsonValue(json, "num_attention_heads", c.num_attention_heads, path);
  c.num_hidden_layers = jsonValue(json, "num_hidden_layers", c.num_hidden_layers, path);
  c.max_position_embeddings = jsonValue(json, "max_position_embeddings", c.max_position_embeddings, path);
  c.hidden_act = jsonValue(json, "hidden_act", c.hidden_act, path);
  c.layer_norm_eps = jsonValue(json, "layer_norm_eps", c.layer_norm_eps, path);
  c.pad_token_id = jsonValue(json, "pad_token_id", c.pad_token_id, path);
  c.eos_token_id = jsonValue(json, "eos_token_id", c.eos_token_id, path);
  if (c.hidden_act != "quick_gelu" && c.hidden_act != "gelu")
    throw Error(path.string() + ": key 'hidden_act': expected \"quick_gelu\" or \"gelu\", got \"" + c.hidden_act + "\"");
  if (c.hidden_size < 1 || c.num_attention_heads < 1 || c.hidden_size % c.num_attention_heads != 0)
    throw Error(path.string() + ": key 'num_attention_heads': must divide hidden_size");
  if (c.num_hidden_layers < 1 || c.vocab_size < 1 || c.max_position_embeddings < 1 || c.intermediate_size < 1)
    throw Error(path.string() + ": key 'num_hidden_layers': sizes must be positive");
  return c;
}

ClipEncoderLayerImpl::ClipEncoderLayerImpl(const ClipTextConfig& c)
    : heads(c.num_attention_heads), quick_gelu(c.hidden_act == "quick_gelu") {
  const int64_t d = c.hidden_size;
  auto attention = std::make_shared<torch::nn::Module>();
  q_proj = attention->register_module("q_proj", torch::nn::Linear(d, d));
  k_proj = attention->register_module("k_proj", torch::nn::Linear(d, d));
  v_proj = attention->register_module("v_proj", torch::nn::Linear(d, d));
  out_proj = attention->register_module("out_proj", torch::nn::Linear(d, d));
  register_module("self_attn", attention);
  auto norm = [&] { return torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}).eps(c.layer_norm_eps)); };
  layer_norm1 = register_module("layer_norm1", norm());
  auto mlp = std::make_shared<torch::nn::Module>();
  fc1 = mlp->register_module("fc1", torch::nn::Linear(d, c.intermediate_size));
  fc2 = mlp->register_module("fc2", torch::nn::Linear(c.intermediate_size, d));
  register_module("mlp", mlp);
  layer_norm2 = register_module("layer_norm2", norm());
}

torch::Tensor ClipEncoderLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& causal_mask) {
  const int64_t b = x.size(0), l = x.size(1), d = x.size(2), dh = d / heads;
  auto h = layer_norm1(x);
  auto split = [&](const torch::Tensor& t) { return t.view({b, l, heads, dh}).transpose(1, 2); };
  auto q = split(q_proj(h)), k = split(k_proj(h)), v = split(v_proj(h));
  auto scores = torch::matmul(q, k.transpose(-1, -2)).mul_(1.0 / std::sqrt(static_cast<double>(dh))) + causal_mask;
  auto attended = torch::matmul(scores.softmax(-1), v).transpose(1, 2).reshape({b, l, d});
  auto y = x + out_proj(attended);
  auto hidden = fc1(layer_norm2(y));
  hidden = quick_gelu ? hidden * torch::sigmoid(1.702 * hidden) : torch::gelu(hidden);
  return y + fc2(hidden);
}

ClipTextModelImpl::ClipTextModelImpl(const ClipTextConfig& config) : config_(config) {
  auto text_model = std::make_shared<torch::nn::Module>();
  auto embeddings = std::make_shared<torch::nn::Module>();
  token_embedding = embeddings->register_module("token_embedding", torch::nn::Embedding(config.vocab_size, config.hidden_size));
  position_embedding = embeddings->register_module(
      "position_embedding", torch::nn::Embedding(config.max_position_embeddings, config.hidden_size));
  text_model->register_module("embeddings", embeddings);
  auto encoder = std::make_shared<torch::nn::Module>();
  for (int64_t i = 0; i < config.num_hidden_layers; ++i) layers->push_back(ClipEncoderLayer(config));
  encoder->register_module("layers", layers);
  text_model->register_module("encoder", encoder);
  final_layer_norm = text_model->register_module(
      "final_layer_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.hidden_size}).eps(config.layer_norm_eps)));
  register_module("text_model", text_model);
}

ClipTextOutput ClipTextModelImpl::forward(const torch::Tensor& ids_in, bool keep_hidden_states) {
  const auto device = token_embedding->weight.device();
  const auto ids = ids_in.to(device, torch::kLong);
  const int64_t length = ids.size(1);
  TORCH_CHECK(length <= config_.max_position_embeddings, "prompt of ", length, " tokens exceeds ",
              config_.max_position_embeddings);
  auto x = token_embedding(ids) + position_embedding(torch::arange(length, ids.options())).unsqueeze(0);
  const auto mask = torch::full({length, length}, -std::numeric_limits<float>::infinity(), x.options()).triu(1);
  ClipTextOutput out;
  if (keep_hidden_states) out.hidden_states.push_back(x);
  for (const auto& layer : *layers) {
    x = layer->as<ClipEncoderLayer>()->forward(x, mask);
    if (keep_hidden_states) out.hidden_states.push_back(x);
  }
  out.last_hidden_state = final_layer_norm(x);
  const auto eos_positions = ids.argmax(1);
  out.pooler_output = out.last_hidden_state.index({torch::arange(ids.size(0), ids.options()), eos_positions});
  return out;
}

torch::Tensor ClipTextModelImpl::encode(const torch::Tensor& ids, int64_t skip) {
  if (skip <= 0) return forward(ids).last_hidden_state;
  auto out = forward(ids, true);
  const int64_t index = static_cast<int64_t>(out.hidden_states.size()) - 1 - skip;
  TORCH_CHECK(index >= 0, "cannot skip ", skip, " layers of ", config_.num_hidden_layers);
  return final_layer_norm(out.hidden_states[static_cast<size_t>(index)]);
}

int64_t countEncoderLayers(const std::vector<std::filesystem::path>& weight_files) {
  static const std::regex kLayer(R"((?:^|\.)encoder\.layers\.(\d+)\.)");
  std::set<int64_t> seen;
  for (const auto& path : weight_files) {
    SafetensorsFile file(path);
    for (const auto& tensor : file.tensors()) {
      std::smatch match;
      if (std::regex_search(tensor.name, match, kLayer)) seen.insert(std::stoll(match[1]));
    }
  }
  return seen.empty() ? 0 : *seen.rbegin() + 1;
}

void loadClipTextWeights(ClipTextModel& model, const std::vector<std::filesystem::path>& files) {
  LoadOptions options = defaultLoadOptions();
  // Checkpoints with and without the "text_model." prefix; HF's position_ids buffer is recomputed here.
  bool prefixed = false;

  for (const auto& path : files) {
    SafetensorsFile file(path);
    for (const auto& tensor : file.tensors()) {
      if (tensor.name.rfind("text_model.", 0) == 0) prefixed = true;
      if (tensor.name.find("position_ids") != std::string::npos) options.ignored.insert(tensor.name);
    }
  }
  if (!prefixed) options.prefix_map.push_back({"", "text_model."});
  loadModuleWeights(*model, files, options);
}

ClipTextModel loadClipTextModel(const std::filesystem::path& folder, torch::Dtype dtype, torch::Device device) {
  ClipTextConfig config = ClipTextConfig::fromFile(folder / "config.json");
  const auto files = locateWeights(folder);
  if (const int64_t layers = countEncoderLayers(files); layers > 0) config.num_hidden_layers = layers;
  ClipTextModel model(config);
  model->to(device, dtype);
  loadClipTextWeights(model, files);
  model->eval();
  return model;
}

}  // namespace aicl::text
