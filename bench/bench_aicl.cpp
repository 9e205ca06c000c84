// What AICL costs at generation time.
// 1. The default model (when its folder exists): wall time of a baseline + AICL pair (16 frames, the default steps,
//    3 references) through the real pipeline, as a first-time user runs it.
// 2. Whole denoising with AICL over without, same steps and seed, on the default model's backbone and on the
//    engine issue's medium config (random weights, an adapter of the EchoReel shape scaled to the backbone, its
//    Action Prism on 2x2 latent patches of the 32x32 latents, --medium-patch changes that): the
//    Action Prism once per generation (this engine) and once per step (what the EchoReel code does).
//   bench_aicl [--model DIR] [--steps N] [--medium-steps N (default: --steps)] [--medium-patch P] [--threads N]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>
#include <string>

#include "aicl/actionworld.h"
#include "aicl/adapter.h"
#include "aicl/pipeline.h"
#include "aicl/runtime.h"
#include "bench_support.h"
#include "unet/unet3d.h"

namespace {

using aicl::bench::seconds;

// Denoising loop cost with a UNet and an adapter (guidance batch 2): baseline, AICL with the Action Prism once
// (means over `repeats` interleaved runs), AICL with the Action Prism every step (one run); and where AICL's time
// goes (the Action Prism, the integration hooks).
void denoisingRatios(const char* name, const aicl::unet::UNet3DConfig& config, const aicl::adapter::AdapterConfig& adapter_config,
                     int64_t latent_size, int steps, int repeats) {
  c10::InferenceMode guard;
  torch::manual_seed(0);
  aicl::unet::UNet3DConditionModel unet(config);
  unet->eval();
  aicl::adapter::AiclAdapter adapter(adapter_config);
  adapter->eval();
  const int64_t k = 3, frames = 16;
  const auto sample = torch::randn({2, config.in_channels, frames, latent_size, latent_size});
  const auto text = torch::randn({2, 77, config.cross_attention_dim});
  const auto references = torch::randn({k, config.in_channels, frames, latent_size, latent_size});
  const auto prism_text = torch::randn({k, 154, adapter_config.prism.text_dim});
  const auto t = torch::tensor({500, 500}, torch::kLong);
  auto prism = [&] { return adapter->actionTokens(references, torch::cat({prism_text, prism_text})); };
  double hook_seconds = 0.0;
  auto timedHook = [&](const torch::Tensor& context) -> aicl::unet::TemporalHook {
    return [hook = adapter->hook(context, frames, 1.0), &hook_seconds](const torch::Tensor& hidden, int64_t index) mutable {
      const auto start = std::chrono::steady_clock::now();
      auto residual = hook(hidden, index);
      hook_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return residual;
    };
  };
  unet->forward(sample, t, text);  // warm-up
  // Baseline and AICL steps alternate on the same inputs, so the machine's drifts (about 10 % here) hit both alike;
  // AICL's time is its steps plus the Action Prism once per generation.
  double baseline = 0.0, aicl_steps = 0.0, prism_seconds = 0.0;
  hook_seconds = 0.0;
  for (int repeat = 0; repeat < repeats; ++repeat) {
    torch::Tensor context;
    prism_seconds += seconds([&] { context = prism(); });
    auto hook = timedHook(context);  // one instance: it prepares the reference keys and values at its first step
    for (int s = 0; s < steps; ++s) {
      unet->setTemporalHook({});
      baseline += seconds([&] { unet->forward(sample, t, text); });
      unet->setTemporalHook([&hook](const torch::Tensor& hidden, int64_t index) { return hook(hidden, index); },
                            adapter->hookPosition());
      aicl_steps += seconds([&] { unet->forward(sample, t, text); });
    }
  }
  baseline /= repeats;
  prism_seconds /= repeats;
  const double once = aicl_steps / repeats + prism_seconds, hook_per_run = hook_seconds / repeats;
  const double every_step = seconds([&] {
    for (int s = 0; s < steps; ++s) {
      unet->setTemporalHook(adapter->hook(prism(), frames, 1.0), adapter->hookPosition());
      unet->forward(sample, t, text);
    }
  });
  unet->setTemporalHook({});
  std::printf("%-8s %2d steps: baseline %7.2f s, AICL %7.2f s (x%.3f), Action Prism every step %7.2f s (x%.3f)\n", name,
              steps, baseline, once, once / baseline, every_step, every_step / baseline);
  std::printf("%-8s where AICL's time goes: Action Prism (both guidance branches) %.3f s once, integration %.1f ms per "
              "step (%.1f%% of a baseline step)\n",
              name, prism_seconds, 1e3 * hook_per_run / steps, 100.0 * hook_per_run / baseline);
}

aicl::adapter::AdapterConfig adapterFor(const aicl::unet::UNet3DConfig& config, int64_t latent_size, int64_t width,
                                        int64_t layers, int64_t heads, int64_t patch_size) {
  aicl::adapter::AdapterConfig c;
  c.prism.latent_channels = config.in_channels;
  c.prism.latent_height = c.prism.latent_width = latent_size;
  c.prism.patch_size = patch_size;
  c.prism.frames = 16;
  c.prism.width = width;
  c.prism.layers = layers;
  c.prism.heads = heads;
  c.prism.text_dim = config.cross_attention_dim;
  c.integration.heads = heads;
  c.integration.dim_head = width / heads;
  aicl::unet::UNet3DConditionModel probe(config);  // hook widths of this backbone
  c.integration.block_channels = probe->temporalHookChannels();
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path model = aicl::defaultModelFolder();
  int steps = 25, medium_steps = 0, medium_patch = 2, threads = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--model")) model = argv[i + 1];
    if (!std::strcmp(argv[i], "--steps")) steps = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--medium-steps")) medium_steps = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--medium-patch")) medium_patch = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
  }
  aicl::RuntimeOptions runtime = aicl::defaultRuntimeOptions();
  runtime.threads = threads;
  const auto info = aicl::initRuntime(runtime);
  std::printf("threads %d, allocator %s\n", info.threads, info.allocator.c_str());

  if (std::filesystem::exists(model / "model_index.json") && std::filesystem::exists(model / "aicl" / "config.json")) {
    const auto pipeline = aicl::Pipeline::load(model);
    const auto work = std::filesystem::temp_directory_path() / "bench_aicl_references";
    std::filesystem::create_directories(work);
    aicl::GenerationRequest request = aicl::defaultGenerationRequest();
    request.prompt = "a red circle zigzagging on a black background";
    request.mode = aicl::GenerationMode::Both;
    std::mt19937_64 rng(1);
    using namespace aicl::actionworld;
    for (int r = 0; r < 3; ++r) {
      const auto spec = randomClipSpec(Action::Zigzagging, Shape::Star, Colour::Blue, Background::Gray, rng,
                                       pipeline->info().native_width, 16);
      request.references.push_back({work / ("ref" + std::to_string(r) + ".mp4"), caption(spec), 0.0, -1.0});
      aicl::encodeVideo(request.references.back().path, aicl::VideoFormat::Mp4, renderClip(spec), aicl::defaultEncodeOptions());
    }
    pipeline->generate(request);  // warm-up
    double best = 1e9;
    for (int run = 0; run < 3; ++run) best = std::min(best, seconds([&] { pipeline->generate(request); }));
    auto baseline_request = request;
    baseline_request.mode = aicl::GenerationMode::Baseline;
    auto aicl_request = request;
    aicl_request.mode = aicl::GenerationMode::Aicl;
    // Interleaved and the best of 7 each: run-to-run noise on this machine is larger than the difference.
    double baseline = 1e9, with_aicl = 1e9;
    for (int run = 0; run < 7; ++run) {
      baseline = std::min(baseline, seconds([&] { pipeline->generate(baseline_request); }));
      with_aicl = std::min(with_aicl, seconds([&] { pipeline->generate(aicl_request); }));
    }
    std::printf("default model %s: baseline + AICL pair (16 frames, %d steps, 3 references): %.2f s\n",
                model.c_str(), request.steps, best);
    std::printf("default model whole generation: baseline %.2f s, AICL %.2f s (x%.3f)\n", baseline, with_aicl,
                with_aicl / baseline);
    const auto unet_config = aicl::unet::UNet3DConfig::fromFile(model / "unet" / "config.json");
    const auto adapter_config = aicl::adapter::AdapterConfig::fromFile(model / "aicl" / "config.json");
    denoisingRatios("default", unet_config, adapter_config, adapter_config.prism.latent_height, steps, 5);
  } else {
    std::printf("default model not found at %s: pair timing skipped\n", model.c_str());
  }

  aicl::unet::UNet3DConfig medium;
  medium.block_out_channels = {64, 128, 256, 256};
  medium.layers_per_block = 2;
  medium.attention_head_dim = 32;
  medium.cross_attention_dim = 256;
  medium.norm_num_groups = 32;
  denoisingRatios("medium", medium, adapterFor(medium, 32, 128, 4, 4, medium_patch), 32, medium_steps > 0 ? medium_steps : steps, 1);
  return 0;
}
