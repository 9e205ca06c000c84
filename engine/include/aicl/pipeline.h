#pragma once
// The text-to-video pipeline: load a model folder once, generate many times. Torch-free interface (plain
// structs and callbacks), so the app and the command line compile without LibTorch headers.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "aicl/video_io.h"

namespace aicl {

enum class ComputeDevice { Cpu, Cuda };
enum class Precision { F32, BF16, F16 };
enum class SchedulerKind { Ddim, DpmSolverPP };

const char* toString(ComputeDevice device);
const char* toString(Precision precision);
const char* toString(SchedulerKind scheduler);
// Parse "cpu"/"cuda", "f32"/"bf16"/"f16", "ddim"/"dpm++"; throw aicl::Error naming the value.
ComputeDevice parseDevice(const std::string& text);
Precision parsePrecision(const std::string& text);
SchedulerKind parseScheduler(const std::string& text);

struct PipelineOptions {
  ComputeDevice device = ComputeDevice::Cpu;
  Precision precision = Precision::F32;  // weights are converted once at load
};
PipelineOptions defaultPipelineOptions();

struct GenerationRequest {
  std::string prompt;
  std::string negative_prompt;
  int frames = 16;
  int width = 0;   // 0: the model's native size (sample_size x VAE scale)
  int height = 0;
  int steps = 25;
  double guidance = 9.0;
  uint64_t seed = 0;
  SchedulerKind scheduler = SchedulerKind::Ddim;
  double eta = 0.0;         // DDIM only
  int preview_every = 1;    // call the preview callback every N steps (0: never)
};
GenerationRequest defaultGenerationRequest();

struct GenerationCallbacks {
  // After every denoising step: step in 1..steps, and the seconds since the start.
  std::function<void(int step, int steps, double seconds)> progress;
  // A cheap RGB rendering of the current latents (no VAE decode).
  std::function<void(int step, const std::vector<Frame>& frames)> preview;
  // Polled inside every step; returning true stops the run before the next UNet call and skips the decode.
  std::function<bool()> cancelled;
};

struct GenerationResult {
  std::vector<Frame> frames;  // empty when cancelled
  bool cancelled = false;
  double seconds = 0.0;
  std::string settings_json;  // prompt, seed, model, steps... as stored in the output file's metadata
};

struct ComponentInfo {
  std::string name;          // "unet", "vae", "text_encoder"
  std::string architecture;  // e.g. "UNet3DConditionModel (320,640,1280,1280), 4 down blocks"
  int64_t parameters = 0;
  std::string dtype;         // as stored on disk, e.g. "F16"
};

struct ModelInfo {
  std::filesystem::path folder;
  std::vector<ComponentInfo> components;
  int native_width = 0;
  int native_height = 0;
  int latent_channels = 0;
  int vae_scale = 1;  // pixels per latent cell
};

class Pipeline {
 public:
  // Loads and validates everything (configs, tokenizer, weights) or throws aicl::Error naming the file and key;
  // nothing is half-loaded.
  static std::shared_ptr<Pipeline> load(const std::filesystem::path& folder,
                                        const PipelineOptions& options = defaultPipelineOptions());
  ~Pipeline();

  const ModelInfo& info() const;
  // Thread-safe with respect to other generate() calls on the same pipeline: weights are read-only and a run's
  // state (noise, scheduler, caches) lives in the call.
  GenerationResult generate(const GenerationRequest& request, const GenerationCallbacks& callbacks = {}) const;

 private:
  Pipeline();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// What `aicl inspect` prints, without loading the weights into modules: configs and safetensors headers.
ModelInfo inspectModelFolder(const std::filesystem::path& folder);

}  // namespace aicl
