#pragma once
// The text-to-video pipeline: load a model folder once, generate many times. Torch-free interface (plain
// structs and callbacks), so the app and the command line compile without LibTorch headers.
#include <array>
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
  // The AICL adapter folder (config.json + safetensors); empty: the model folder's aicl/ when it has one.
  std::filesystem::path adapter_folder;
};
PipelineOptions defaultPipelineOptions();

// Baseline: the frozen backbone alone. Aicl: with the references through the adapter. Both: the two from the
// same seed and initial noise (the baseline first).
enum class GenerationMode { Baseline, Aicl, Both };
const char* toString(GenerationMode mode);
GenerationMode parseGenerationMode(const std::string& text);  // "baseline" | "aicl" | "both"

// A reference video of the action, trimmed to [start, end) seconds (end < 0: to the end of the clip), resized
// and centre-cropped to the generation size. Sampling: `stride` > 0 takes every stride-th frame from the start;
// otherwise `count` frames spread evenly (0: the generation's frame count). The sampled clip is then cut or,
// when short, held on its last frame to the generation's frame count.
struct ReferenceVideo {
  std::filesystem::path path;
  std::string caption;  // optional: what the reference shows
  double start = 0.0;
  double end = -1.0;
  int count = 0;
  int stride = 0;
};

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
  std::vector<ReferenceVideo> references;  // K >= 1 for AICL; none: the baseline whatever the mode
  GenerationMode mode = GenerationMode::Aicl;
  double aicl_scale = -1.0;  // strength of the Action Integration; < 0: the adapter's default
};
GenerationRequest defaultGenerationRequest();

struct GenerationCallbacks {
  // After every denoising step: step in 1..steps (over both runs in Both mode), and the seconds since the start.
  std::function<void(int step, int steps, double seconds)> progress;
  // A cheap RGB rendering of the current latents (no VAE decode).
  std::function<void(int step, const std::vector<Frame>& frames)> preview;
  // Polled inside every step; returning true stops the run before the next UNet call and skips the decode.
  std::function<bool()> cancelled;
};

struct GenerationResult {
  std::vector<Frame> frames;           // the AICL result (Aicl, Both) or the baseline (Baseline); empty when cancelled
  std::vector<Frame> baseline_frames;  // Both: the baseline from the same seed and initial noise
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
  bool has_adapter = false;
  std::string adapter;  // e.g. "AICL adapter: Action Prism 2 x 64, 7 integration blocks, 1.2 M parameters"
  // How the model's authors sample it (model_index.json "aicl_sampling"); 0: the application's defaults.
  int recommended_steps = 0;
  double recommended_guidance = 0.0;
};

// The Action Prism's per-frame tokens of reference videos (and of generated videos, encoded the same way) and
// their PCA, for plotting motion trajectories.
struct FeatureRequest {
  std::vector<ReferenceVideo> references;
  std::vector<std::filesystem::path> generated;  // encoded like a reference (caption: the prompt)
  std::string prompt;
  int frames = 16;
  int width = 0, height = 0;  // 0: the model's native size
};

struct VideoFeatures {
  std::string label;  // file name
  bool generated = false;
  std::vector<std::vector<float>> tokens;  // [frames][token_dim]
  std::vector<std::array<double, 3>> pca;  // per frame: the first three principal components
};

struct FeatureResult {
  std::vector<VideoFeatures> videos;
  std::array<double, 3> explained_variance{};  // fraction of the variance of each component
  std::string toJson() const;                  // videos (label, generated, pca2, pca3, tokens), explained variance
};

class Pipeline {
 public:
  // Loads and validates everything (configs, tokenizer, weights) or throws aicl::Error naming the file and key;
  // nothing is half-loaded. `model`: a model folder, or a checkpoint file (.pt, .ckpt, ...: see convertCheckpoint),
  // converted once into a cached folder.
  static std::shared_ptr<Pipeline> load(const std::filesystem::path& model,
                                        const PipelineOptions& options = defaultPipelineOptions());
  ~Pipeline();

  const ModelInfo& info() const;
  // Thread-safe: generate() and actionFeatures() calls on one pipeline run concurrently (weights are read-only; a
  // run's state, its AICL context included, lives in the call; only the reference-latent cache is shared, locked).
  GenerationResult generate(const GenerationRequest& request, const GenerationCallbacks& callbacks = {}) const;
  // Throws aicl::Error when the model has no adapter or a video cannot be read.
  FeatureResult actionFeatures(const FeatureRequest& request) const;

 private:
  Pipeline();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The embedded default model (ActionWorld): $AICL_MODEL when set, else the installed copy beside the program
// (../share/aicl-studio/models/actionworld), else the source tree's assets/models/actionworld.
std::filesystem::path defaultModelFolder();
// The example reference sets (Help > Examples): $AICL_EXAMPLES, else the installed copy
// (../share/aicl-studio/examples), else the source tree's assets/examples.
std::filesystem::path defaultExamplesFolder();

// Copies a model folder (every component, the adapter included) storing floating-point weights in `storage`
// precision: how the embedded default model is packed. The destination is replaced only when the copy is complete.
void packModelFolder(const std::filesystem::path& from, const std::filesystem::path& to, Precision storage);

// What `aicl inspect` prints, without loading the weights into modules: configs and safetensors headers.
ModelInfo inspectModelFolder(const std::filesystem::path& folder);
// The same for an adapter folder (config.json + safetensors); throws aicl::Error naming the file.
ComponentInfo inspectAdapterFolder(const std::filesystem::path& folder);

}  // namespace aicl
