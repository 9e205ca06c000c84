// aicl generate / aicl inspect: text-to-video from the command line.
#include <cstdio>
#include <filesystem>

#include "aicl/checkpoint_inspect.h"
#include "aicl/error.h"
#include "aicl/logging.h"
#include "aicl/pipeline.h"
#include "aicl/runtime.h"
#include "arguments.h"
#include "progress_bar.h"

namespace aicl::cli {
namespace {

void parseSize(const std::string& text, int& width, int& height) {
  int w = 0, h = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%dx%d%c", &w, &h, &extra) != 2 || w < 8 || h < 8 || w > 4096 || h > 4096)
    throw Error("--size: expected WxH with 8..4096 pixels per side, got '" + text + "'");
  width = w;
  height = h;
}

}  // namespace

int runGenerate(const Args& args) {
  try {
    const Arguments arguments(args, {"model", "adapter", "prompt", "negative", "frames", "size", "steps", "guidance",
                                     "seed", "scheduler", "dtype", "device", "out", "threads", "ref", "ref-caption",
                                     "aicl-scale", "mode"});
    const std::filesystem::path out = arguments.required("out");
    const auto format = videoFormatFromPath(out);
    if (!format) throw Error(out.string() + ": unknown output format (use .mp4, .webm, .gif or a .png pattern)");

    GenerationRequest request = defaultGenerationRequest();
    request.prompt = arguments.required("prompt");
    request.negative_prompt = arguments.value("negative").value_or("");
    request.frames = arguments.integer("frames", request.frames, 1, 256);
    request.steps = arguments.integer("steps", request.steps, 1, 1000);
    request.guidance = arguments.number("guidance", request.guidance, 0.0, 100.0);
    request.seed = arguments.unsignedInteger("seed", request.seed);
    if (auto scheduler = arguments.value("scheduler")) request.scheduler = parseScheduler(*scheduler);
    if (auto size = arguments.value("size")) parseSize(*size, request.width, request.height);
    const auto refs = arguments.values("ref"), captions = arguments.values("ref-caption");
    if (captions.size() > refs.size()) throw Error("--ref-caption: more captions than --ref videos");
    for (size_t i = 0; i < refs.size(); ++i)
      request.references.push_back({refs[i], i < captions.size() ? captions[i] : std::string(), 0.0, -1.0});
    request.mode = refs.empty() ? GenerationMode::Baseline : GenerationMode::Aicl;
    if (auto mode = arguments.value("mode")) request.mode = parseGenerationMode(*mode);
    if (request.mode != GenerationMode::Baseline && refs.empty())
      throw Error("--mode " + std::string(toString(request.mode)) + " needs at least one --ref video");
    request.aicl_scale = arguments.number("aicl-scale", -1.0, -1.0, 10.0);

    PipelineOptions options = defaultPipelineOptions();
    if (auto device = arguments.value("device")) options.device = parseDevice(*device);
    if (auto dtype = arguments.value("dtype")) options.precision = parsePrecision(*dtype);
    RuntimeOptions runtime = defaultRuntimeOptions();
    runtime.threads = arguments.integer("threads", 0, 0, 1024);
    initRuntime(runtime);

    if (auto adapter = arguments.value("adapter")) options.adapter_folder = *adapter;
    const std::filesystem::path model = arguments.value("model").value_or(defaultModelFolder().string());
    const auto pipeline = Pipeline::load(model, options);
    // Unless asked otherwise, sample the way the model's authors do (EchoReel: DDIM 50 steps, guidance 12).
    const ModelInfo& info = pipeline->info();
    if (!arguments.has("steps") && info.recommended_steps > 0) request.steps = info.recommended_steps;
    if (!arguments.has("guidance") && info.recommended_guidance > 0) request.guidance = info.recommended_guidance;
    ProgressBar bar("generating");
    GenerationCallbacks callbacks;
    callbacks.progress = [&](int step, int steps, double) { bar.update(step, steps); };
    const GenerationResult result = pipeline->generate(request, callbacks);
    bar.finish();

    EncodeOptions encode = defaultEncodeOptions();
    encode.metadata_json = result.settings_json;
    if (request.mode == GenerationMode::Both) {
      // NAME.baseline.EXT and NAME.aicl.EXT, from the same seed and initial noise.
      auto named = [&](const char* kind) { return out.parent_path() / (out.stem().string() + "." + kind + out.extension().string()); };
      encodeVideo(named("baseline"), *format, result.baseline_frames, encode);
      encodeVideo(named("aicl"), *format, result.frames, encode);
      std::fprintf(stderr, "wrote %s and %s (%zu frames each, %.1f s)\n", named("baseline").c_str(), named("aicl").c_str(),
                   result.frames.size(), result.seconds);
    } else {
      encodeVideo(out, *format, result.frames, encode);
      std::fprintf(stderr, "wrote %s (%zu frames, %.1f s)\n", out.c_str(), result.frames.size(), result.seconds);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aicl generate: %s\n", e.what());
    return 1;
  }
}

int runPackModel(const Args& args) {
  try {
    const Arguments arguments(args, {"model", "out", "dtype"});
    const auto storage = parsePrecision(arguments.value("dtype").value_or("f16"));
    packModelFolder(arguments.required("model"), arguments.required("out"), storage);
    std::printf("wrote %s (%s weights)\n", arguments.required("out").c_str(), toString(storage));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aicl pack-model: %s\n", e.what());
    return 1;
  }
}

int runInspect(const Args& args) {
  try {
    const Arguments arguments(args, {"model"});
    const std::filesystem::path model = arguments.value("model").value_or(defaultModelFolder().string());
    // A folder is a diffusers model folder; a file, a PyTorch checkpoint (e.g. the released EchoReel model).
    const bool checkpoint = std::filesystem::is_regular_file(model);
    const ModelInfo info = checkpoint ? inspectCheckpointFile(model) : inspectModelFolder(model);
    if (checkpoint) {
      std::printf("checkpoint: %s\n", info.folder.c_str());
    } else {
      std::printf("model: %s\nnative size: %dx%d, latent channels %d, VAE scale %d\n", info.folder.c_str(),
                  info.native_width, info.native_height, info.latent_channels, info.vae_scale);
    }
    if (info.has_adapter) std::printf("%s\n", info.adapter.c_str());
    for (const auto& component : info.components) {
      std::printf("%-18s %s\n%-18s %lld parameters, %s\n", component.name.c_str(), component.architecture.c_str(),
                  "", static_cast<long long>(component.parameters), component.dtype.c_str());
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aicl inspect: %s\n", e.what());
    return 1;
  }
}

}  // namespace aicl::cli
