#pragma once
// The CLIP text transformer with Hugging Face CLIPTextModel parameter names ("text_model.embeddings...").
#include <torch/torch.h>

#include <filesystem>
#include <string>
#include <vector>

namespace aicl::text {

struct ClipTextConfig {
  int64_t vocab_size = 49408;
  int64_t hidden_size = 512;
  int64_t intermediate_size = 2048;
  int64_t num_attention_heads = 8;
  int64_t num_hidden_layers = 12;
  int64_t max_position_embeddings = 77;
  std::string hidden_act = "quick_gelu";  // or "gelu" (OpenCLIP ViT-H, ModelScope)
  double layer_norm_eps = 1e-5;
  int64_t pad_token_id = 1;
  int64_t eos_token_id = 49407;

  static ClipTextConfig fromFile(const std::filesystem::path& path);
};

struct ClipTextOutput {
  torch::Tensor last_hidden_state;           // final LayerNorm of the last layer's output [B, L, D]
  std::vector<torch::Tensor> hidden_states;  // [0] embeddings, [i] after layer i (when requested)
  torch::Tensor pooler_output;               // last_hidden_state at the EOS token (argmax id) [B, D]
};

struct ClipEncoderLayerImpl : torch::nn::Module {
  ClipEncoderLayerImpl(const ClipTextConfig& config);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& causal_mask);
  int64_t heads;
  bool quick_gelu;
  torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr}, fc1{nullptr}, fc2{nullptr};
  torch::nn::LayerNorm layer_norm1{nullptr}, layer_norm2{nullptr};
};
TORCH_MODULE(ClipEncoderLayer);

struct ClipTextModelImpl : torch::nn::Module {
  explicit ClipTextModelImpl(const ClipTextConfig& config);
  // ids [B, L] int64 -> outputs; all hidden states only when `keep_hidden_states`.
  ClipTextOutput forward(const torch::Tensor& ids, bool keep_hidden_states = false);
  // The states a diffusion model conditions on: the last layer, or layer L - `skip` (then final-LayerNormed).
  torch::Tensor encode(const torch::Tensor& ids, int64_t skip = 0);
  const ClipTextConfig& config() const { return config_; }

  torch::nn::Embedding token_embedding{nullptr}, position_embedding{nullptr};
  torch::nn::ModuleList layers;
  torch::nn::LayerNorm final_layer_norm{nullptr};

 private:
  ClipTextConfig config_;
};
TORCH_MODULE(ClipTextModel);

// The number of encoder layers the weights hold (0 when none are found), so a config that disagrees with its
// checkpoint (ModelScope cuts the last OpenCLIP layer) builds the model the weights describe.
int64_t countEncoderLayers(const std::vector<std::filesystem::path>& weight_files);
// config.json + weights of an HF `text_encoder/` folder, strictly loaded; keys with or without "text_model.".
ClipTextModel loadClipTextModel(const std::filesystem::path& folder, torch::Dtype dtype = torch::kFloat32,
                                torch::Device device = torch::kCPU);
void loadClipTextWeights(ClipTextModel& model, const std::vector<std::filesystem::path>& files);

}  // namespace aicl::text
