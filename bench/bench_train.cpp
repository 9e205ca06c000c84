// Training throughput on the CPU: the trainers' real optimisation step (the task's loss, backward, gradient
// clipping, AdamW with float32 master weights, bf16 autocast when asked) on synthetic latents, for
//   - the default model's backbone (UNet3D + text encoder from assets/recipes/actionworld, 16 frames of 8x8
//     latents, 77 text tokens), float32 and bf16, batch 8/16/32/64;
//   - the default model's AICL adapter on a frozen backbone of that config, 3 references per target;
//   - the medium config's backbone (the inference benchmarks' medium UNet3D), batch 8.
// Prints s/step, samples/s and the peak resident memory of each case, and this machine's matmul peak.
//   bench_train [--threads N] [--steps N] [--batches 8,16,32,64] [--dtypes f32,bf16] [--no-medium] [--only NAME]
//               [--fused-attention] [--profile] [--json]
// bf16 (autocast) runs only where the CPU has native bf16 dot products (AVX-512 BF16 or AMX) unless --dtypes names
// it: emulated, it is ~20x slower than float32 and is not a path the trainer takes. --fused-attention trains the
// backbone's attention through the fused forward and backward kernels (AttentionOptions::fused_training).
// --json prints one JSON object instead (backbone_bf16_samples_per_s: batch 16; adapter_bf16_samples_per_s:
// batch 8). --profile prints the operators that took the most time in one step of each case.
#include <torch/torch.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aicl/runtime.h"
#include "bench_support.h"
#include "core/json_file.h"
#include "nn/attention.h"
#include "sampling/scheduler_config.h"
#include "train/diffusion_tasks.h"

namespace {

namespace fs = std::filesystem;
using aicl::bench::seconds;
using aicl::train::LatentClips;

constexpr int64_t kFrames = 16, kLatentSize = 8, kClips = 64, kActions = 8, kVocabulary = 1000;
// diffusers' UNet3D in PyTorch eager, default backbone config, batch 16, float32 (bf16 autocast fails there).
constexpr double kEagerBackboneSamplesPerSecond = 6.3;
// `aicl train` (adapter, batch 8, bf16) before this benchmark existed.
constexpr double kAdapterSamplesPerSecondBefore = 8.4;

fs::path recipeFolder() { return fs::path(AICL_SOURCE_DIR) / "assets" / "recipes" / "actionworld"; }

// Synthetic clips of kActions actions: random latents and text, reference pools of the same action.
LatentClips syntheticClips(int64_t channels, const torch::Tensor& text) {
  LatentClips clips;
  clips.latents = torch::randn({kClips, channels, kFrames, kLatentSize, kLatentSize});
  clips.text = text;
  clips.same_action.resize(kClips);
  for (int64_t i = 0; i < kClips; ++i)
    for (int64_t j = i % kActions; j < kClips; j += kActions)
      if (j != i) clips.same_action[static_cast<size_t>(i)].push_back(j);
  return clips;
}

std::shared_ptr<const aicl::NoiseSchedule> schedule() {
  return std::make_shared<const aicl::NoiseSchedule>(aicl::SchedulerConfig::fromFile(recipeFolder() / "scheduler.json"));
}

aicl::text::ClipTextConfig textConfig(int64_t width) {
  aicl::text::ClipTextConfig config;
  const auto json = aicl::readJsonFile(recipeFolder() / "text_encoder.json");
  config.hidden_size = width;
  config.intermediate_size = 4 * width;
  config.num_attention_heads = json.value("num_attention_heads", int64_t{4});
  config.num_hidden_layers = json.value("num_hidden_layers", int64_t{2});
  config.vocab_size = kVocabulary;
  config.max_position_embeddings = aicl::train::kTextTokens;
  config.eos_token_id = config.pad_token_id = kVocabulary - 1;
  return config;
}

std::unique_ptr<aicl::train::TrainingTask> backboneTask(const aicl::unet::UNet3DConfig& config, bool fused_attention) {
  aicl::unet::UNet3DConditionModel unet(config);
  for (const auto& module : unet->modules())
    if (auto* attention = module->as<aicl::nn::Attention>()) attention->options.fused_training = fused_attention;
  aicl::text::ClipTextModel text_encoder(textConfig(config.cross_attention_dim));
  const auto ids = torch::randint(kVocabulary, {kClips, aicl::train::kTextTokens}, torch::kLong);
  return std::make_unique<aicl::train::BackboneTask>(unet, text_encoder, syntheticClips(config.in_channels, ids),
                                                     torch::full({1, aicl::train::kTextTokens}, kVocabulary - 1, torch::kLong),
                                                     schedule(), aicl::train::DiffusionTaskOptions{});
}

std::unique_ptr<aicl::train::TrainingTask> adapterTask(const aicl::unet::UNet3DConfig& config) {
  aicl::unet::UNet3DConditionModel unet(config);
  for (auto& parameter : unet->parameters()) parameter.set_requires_grad(false);
  unet->eval();
  auto json = aicl::readJsonFile(recipeFolder() / "aicl.json");
  json["action_prism"]["latent_channels"] = config.in_channels;
  json["action_prism"]["frames"] = kFrames;
  json["action_prism"]["latent_height"] = kLatentSize;
  json["action_prism"]["latent_width"] = kLatentSize;
  json["action_prism"]["text_dim"] = config.cross_attention_dim;
  json["action_integration"]["block_channels"] = unet->temporalHookChannels();
  aicl::adapter::AiclAdapter adapter(aicl::adapter::AdapterConfig::fromJson(json, recipeFolder() / "aicl.json"));
  const auto text = torch::randn({kClips, aicl::train::kTextTokens, config.cross_attention_dim});
  aicl::train::DiffusionTaskOptions options;
  options.min_references = options.max_references = 3;
  return std::make_unique<aicl::train::AdapterTask>(unet, adapter, syntheticClips(config.in_channels, text),
                                                    torch::zeros({1, aicl::train::kTextTokens, config.cross_attention_dim}),
                                                    schedule(), options);
}

struct Case {
  std::string name;  // backbone, adapter, medium_backbone
  bool bf16;
  int64_t batch;
  double seconds_per_step = 0.0, samples_per_second = 0.0, peak_rss_mb = 0.0;
};

void run(Case& c, aicl::train::TrainingTask& task, int steps, bool profile) {
  aicl::train::TrainOptions options;
  options.batch = c.batch;
  options.bf16 = c.bf16;
  options.lr = 1e-4;
  options.steps = steps + 1;
  options.out = fs::temp_directory_path() / "aicl_bench_train";  // nothing is written: no checkpoint is asked for
  aicl::bench::resetPeakRss();
  aicl::train::TrainingSession session(task, options);
  session.step(0);  // warm-up: allocator, AdamW state, autocast caches
  std::vector<double> times;
  for (int s = 1; s <= steps; ++s) times.push_back(seconds([&] { session.step(s); }));
  c.seconds_per_step = aicl::bench::median(times);
  c.samples_per_second = static_cast<double>(c.batch) / c.seconds_per_step;
  c.peak_rss_mb = aicl::bench::peakRssMb();
  if (profile) aicl::bench::printProfile([&] { session.step(steps + 1); });
}

std::vector<int64_t> parseList(const char* text) {
  std::vector<int64_t> values;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) values.push_back(std::stoll(item));
  return values;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 0, steps = 3;
  bool json = false, medium = true, profile = false, fused_attention = false;
  std::string only, dtypes;
  std::vector<int64_t> batches{8, 16, 32, 64};
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (!std::strcmp(argv[i], "--json")) json = true;
    else if (!std::strcmp(argv[i], "--no-medium")) medium = false;
    else if (!std::strcmp(argv[i], "--profile")) profile = true;
    else if (!std::strcmp(argv[i], "--fused-attention")) fused_attention = true;
    else if (has_value && !std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[++i]);
    else if (has_value && !std::strcmp(argv[i], "--steps")) steps = std::max(1, std::atoi(argv[++i]));
    else if (has_value && !std::strcmp(argv[i], "--batches")) batches = parseList(argv[++i]);
    else if (has_value && !std::strcmp(argv[i], "--only")) only = argv[++i];
    else if (has_value && !std::strcmp(argv[i], "--dtypes")) dtypes = argv[++i];
    else {
      std::fprintf(stderr, "bench_train: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  aicl::RuntimeOptions runtime;
  runtime.threads = threads;
  const auto info = aicl::initRuntime(runtime);
  const double f32_peak = aicl::bench::matmulPeakGflops(torch::kFloat32), bf16_peak = aicl::bench::matmulPeakGflops(torch::kBFloat16);
  if (!json) {
    if (fused_attention) std::printf("backbone attention: fused forward and backward\n");
    std::printf("threads %d, BLAS %s, allocator %s\n", info.threads, info.blas.c_str(), info.allocator.c_str());
    std::printf("fp32 matmul peak (2048^2): %.1f GFLOP/s; bf16: %.1f GFLOP/s\n", f32_peak, bf16_peak);
  }
  const auto backbone = aicl::unet::UNet3DConfig::fromJson(aicl::readJsonFile(recipeFolder() / "unet.json"), recipeFolder() / "unet.json");
  aicl::unet::UNet3DConfig medium_config;  // bench_unet's and bench_aicl's medium config
  medium_config.in_channels = medium_config.out_channels = backbone.in_channels;
  medium_config.block_out_channels = {64, 128, 256, 256};
  medium_config.layers_per_block = 2;
  medium_config.attention_head_dim = 32;
  medium_config.cross_attention_dim = 256;
  medium_config.norm_num_groups = 32;

  if (dtypes.empty()) dtypes = info.cpu_bf16 ? "f32,bf16" : "f32";
  std::vector<bool> modes;  // bf16 autocast or not
  if (dtypes.find("f32") != std::string::npos) modes.push_back(false);
  if (dtypes.find("bf16") != std::string::npos) modes.push_back(true);
  if (!json && !info.cpu_bf16 && dtypes.find("bf16") == std::string::npos)
    std::printf("bf16: not run (this CPU has no native bf16: %.1f GFLOP/s emulated)\n", bf16_peak);
  if (!json) std::printf("%-16s %-5s %6s %10s %10s %12s\n", "case", "dtype", "batch", "s/step", "samples/s", "peak RSS MB");
  std::vector<Case> cases;
  for (bool bf16 : modes) {
    for (int64_t batch : batches) cases.push_back({"backbone", bf16, batch});
    for (int64_t batch : batches) cases.push_back({"adapter", bf16, batch});
    if (medium) cases.push_back({"medium_backbone", bf16, 8});
  }
  nlohmann::json rows = nlohmann::json::array();
  nlohmann::json summary = {{"threads", info.threads},
                            {"cpu_native_bf16", info.cpu_bf16},
                            {"matmul_peak_f32_gflops", f32_peak},
                            {"matmul_peak_bf16_gflops", bf16_peak},
                            {"eager_backbone_samples_per_s", kEagerBackboneSamplesPerSecond},
                            {"adapter_samples_per_s_before", kAdapterSamplesPerSecondBefore}};
  for (auto& c : cases) {
    if (!only.empty() && c.name != only) continue;
    torch::manual_seed(0);
    auto task = c.name == "adapter" ? adapterTask(backbone) : backboneTask(c.name == "backbone" ? backbone : medium_config, fused_attention);
    if (profile && !json) std::printf("%s %s batch %lld:\n", c.name.c_str(), c.bf16 ? "bf16" : "f32", static_cast<long long>(c.batch));
    run(c, *task, steps, profile && !json);
    const char* dtype = c.bf16 ? "bf16" : "f32";
    if (!json)
      std::printf("%-16s %-5s %6lld %10.3f %10.2f %12.0f\n", c.name.c_str(), dtype, static_cast<long long>(c.batch),
                  c.seconds_per_step, c.samples_per_second, c.peak_rss_mb);
    std::fflush(stdout);
    rows.push_back({{"case", c.name}, {"dtype", dtype}, {"batch", c.batch}, {"seconds_per_step", c.seconds_per_step},
                    {"samples_per_s", c.samples_per_second}, {"peak_rss_mb", c.peak_rss_mb}});
    if (c.bf16 && c.name == "backbone" && c.batch == 16) summary["backbone_bf16_samples_per_s"] = c.samples_per_second;
    if (c.bf16 && c.name == "adapter" && c.batch == 8) summary["adapter_bf16_samples_per_s"] = c.samples_per_second;
    if (!c.bf16 && c.name == "backbone" && c.batch == 16) summary["backbone_f32_samples_per_s"] = c.samples_per_second;
    if (!c.bf16 && c.name == "adapter" && c.batch == 8) summary["adapter_f32_samples_per_s"] = c.samples_per_second;
  }
  if (summary.contains("backbone_bf16_samples_per_s"))
    summary["backbone_bf16_vs_eager"] = summary["backbone_bf16_samples_per_s"].get<double>() / kEagerBackboneSamplesPerSecond;
  if (summary.contains("adapter_bf16_samples_per_s"))
    summary["adapter_bf16_vs_before"] = summary["adapter_bf16_samples_per_s"].get<double>() / kAdapterSamplesPerSecondBefore;
  summary["cases"] = rows;
  if (json) std::printf("%s\n", summary.dump(2).c_str());
  else
    std::printf("targets: backbone bf16 batch 16 >= 25 samples/s (4x eager %.1f); adapter bf16 batch 8 >= 25 samples/s (3x %.1f)\n",
                kEagerBackboneSamplesPerSecond, kAdapterSamplesPerSecondBefore);
  return 0;
}
