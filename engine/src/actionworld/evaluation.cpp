#include "aicl/evaluation.h"

#include <chrono>
#include <random>

#include <nlohmann/json.hpp>

#include "aicl/error.h"

namespace aicl {

EvaluationOptions defaultEvaluationOptions() { return {}; }

EvaluationOptions quickEvaluationOptions() {
  EvaluationOptions options = defaultEvaluationOptions();
  options.videos_per_action = 2;
  options.steps = 10;
  options.references = 3;
  options.quick = true;
  return options;
}

std::string EvaluationReport::toJson(const EvaluationOptions& options) const {
  nlohmann::json out = {{"baseline", nlohmann::json::parse(baseline.toJson())},
                        {"aicl", nlohmann::json::parse(aicl.toJson())},
                        {"seconds", seconds},
                        {"settings",
                         {{"videos_per_action", options.videos_per_action}, {"references", options.references},
                          {"steps", options.steps}, {"guidance", options.guidance}, {"aicl_scale", options.aicl_scale},
                          {"seed", options.seed}, {"quick", options.quick}}}};
  return out.dump(2);
}

EvaluationReport evaluateActionWorld(const Pipeline& pipeline, const EvaluationOptions& options,
                                     const std::function<void(int, int)>& progress) {
  using namespace actionworld;
  if (options.videos_per_action < 1 || options.references < 1) throw Error("eval: needs at least 1 video and 1 reference");
  if (options.work_dir.empty()) throw Error("eval: a work folder is required");
  const auto start = std::chrono::steady_clock::now();
  const auto& info = pipeline.info();
  const int size = info.native_width;
  std::filesystem::create_directories(options.work_dir);
  const auto actions = actionsOf(options.actions);
  const int total = static_cast<int>(actions.size()) * options.videos_per_action;
  std::mt19937_64 rng(options.seed);
  auto pick = [&](auto list) { return list[static_cast<size_t>(rng() % list.size())]; };
  EvaluationReport report;
  int done = 0;
  for (const Action action : actions) {
    for (int v = 0; v < options.videos_per_action; ++v) {
      const std::string id = actionName(action) + "_" + std::to_string(v);
      GenerationRequest request = defaultGenerationRequest();
      request.steps = options.steps;
      request.guidance = options.guidance;
      request.aicl_scale = options.aicl_scale;
      request.seed = options.seed * 1000003ull + static_cast<uint64_t>(done);
      request.mode = GenerationMode::Both;
      for (int r = 0; r < options.references; ++r) {
        const auto spec = randomClipSpec(action, pick(allShapes()), pick(allColours()), pick(allBackgrounds()), rng, size, 16);
        const auto path = options.work_dir / (id + "_ref" + std::to_string(r) + ".mp4");
        EncodeOptions encode = defaultEncodeOptions();
        encode.crf = 4;
        encodeVideo(path, VideoFormat::Mp4, renderClip(spec), encode);
        request.references.push_back({path, caption(spec), 0.0, -1.0});
      }
      ClipSpec target;
      target.shape = pick(allShapes());
      target.colour = pick(allColours());
      target.background = pick(allBackgrounds());
      target.action = action;
      request.prompt = caption(target);
      const auto result = pipeline.generate(request);
      EncodeOptions encode = defaultEncodeOptions();
      encode.metadata_json = result.settings_json;
      encodeVideo(options.work_dir / (id + ".baseline.mp4"), VideoFormat::Mp4, result.baseline_frames, encode);
      encodeVideo(options.work_dir / (id + ".aicl.mp4"), VideoFormat::Mp4, result.frames, encode);
      report.baseline.add(action, judgeClip(result.baseline_frames), target.shape, target.colour);
      report.aicl.add(action, judgeClip(result.frames), target.shape, target.colour);
      if (progress) progress(++done, total);
    }
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace aicl
