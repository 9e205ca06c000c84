// aicl eval / aicl features: measuring AICL on ActionWorld, and the Action Prism's features for plots.
#include <cstdio>
#include <fstream>

#include "aicl/error.h"
#include "aicl/evaluation.h"
#include "aicl/pipeline.h"
#include "aicl/runtime.h"
#include "arguments.h"
#include "progress_bar.h"

namespace aicl::cli {
namespace {

void printTally(const char* name, const actionworld::EvaluationTally& tally) {
  using actionworld::heldOutActions;
  using actionworld::seenActions;
  std::printf("%-9s action accuracy: seen %.3f, held-out %.3f | appearance accuracy: seen %.3f, held-out %.3f\n", name,
              tally.actionAccuracy(seenActions()), tally.actionAccuracy(heldOutActions()),
              tally.appearanceAccuracy(seenActions()), tally.appearanceAccuracy(heldOutActions()));
}

}  // namespace

int runEval(const Args& args) {
  try {
    const Arguments arguments(args,
                              {"model", "out", "work", "videos-per-action", "references", "steps", "guidance",
                               "aicl-scale", "seed", "actions", "dtype", "threads"},
                              {"quick"});
    RuntimeOptions runtime = defaultRuntimeOptions();
    runtime.threads = arguments.integer("threads", 0, 0, 1024);
    initRuntime(runtime);
    // --quick is a preset: the flags given with it still win.
    EvaluationOptions options = arguments.has("quick") ? quickEvaluationOptions() : defaultEvaluationOptions();
    options.videos_per_action = arguments.integer("videos-per-action", options.videos_per_action, 1, 10000);
    options.references = arguments.integer("references", options.references, 1, 16);
    options.steps = arguments.integer("steps", options.steps, 1, 1000);
    options.guidance = arguments.number("guidance", options.guidance, 0.0, 100.0);
    options.aicl_scale = arguments.number("aicl-scale", options.aicl_scale, -1.0, 10.0);
    options.seed = arguments.unsignedInteger("seed", options.seed);
    if (auto actions = arguments.value("actions")) options.actions = actionworld::parseActionSet(*actions);
    const std::filesystem::path out = arguments.value("out").value_or("eval.json");
    options.work_dir = arguments.value("work").value_or((out.parent_path() / (out.stem().string() + "_videos")).string());
    // The settings before the (slow) model load, so a wrong preset or flag shows at once.
    std::printf("eval%s: videos per action %d, references %d, steps %d, guidance %g\n", options.quick ? " --quick" : "",
                options.videos_per_action, options.references, options.steps, options.guidance);
    std::fflush(stdout);
    PipelineOptions pipeline_options = defaultPipelineOptions();
    if (auto dtype = arguments.value("dtype")) pipeline_options.precision = parsePrecision(*dtype);
    const auto pipeline = Pipeline::load(arguments.value("model").value_or(defaultModelFolder().string()), pipeline_options);
    ProgressBar bar("eval");
    const auto report = evaluateActionWorld(*pipeline, options, [&](int done, int total) { bar.update(done, total); });
    bar.finish();
    printTally("baseline", report.baseline);
    printTally("aicl", report.aicl);
    std::ofstream(out) << report.toJson(options) << "\n";
    std::printf("wrote %s (confusion matrices, per-action counts); videos in %s; %.1f s\n", out.c_str(),
                options.work_dir.c_str(), report.seconds);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aicl eval: %s\n", e.what());
    return 1;
  }
}

int runFeatures(const Args& args) {
  try {
    const Arguments arguments(args, {"model", "ref", "ref-caption", "video", "prompt", "frames", "out", "threads"});
    RuntimeOptions runtime = defaultRuntimeOptions();
    runtime.threads = arguments.integer("threads", 0, 0, 1024);
    initRuntime(runtime);
    FeatureRequest request;
    const auto refs = arguments.values("ref"), captions = arguments.values("ref-caption");
    for (size_t i = 0; i < refs.size(); ++i)
      request.references.push_back({refs[i], i < captions.size() ? captions[i] : std::string(), 0.0, -1.0});
    for (const auto& video : arguments.values("video")) request.generated.emplace_back(video);
    request.prompt = arguments.value("prompt").value_or("");
    request.frames = arguments.integer("frames", request.frames, 2, 256);
    const std::filesystem::path out = arguments.required("out");
    const auto pipeline = Pipeline::load(arguments.value("model").value_or(defaultModelFolder().string()));
    const auto result = pipeline->actionFeatures(request);
    std::ofstream(out) << result.toJson() << "\n";
    std::printf("wrote %s: %zu videos, explained variance %.3f %.3f %.3f\n", out.c_str(), result.videos.size(),
                result.explained_variance[0], result.explained_variance[1], result.explained_variance[2]);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aicl features: %s\n", e.what());
    return 1;
  }
}

}  // namespace aicl::cli
