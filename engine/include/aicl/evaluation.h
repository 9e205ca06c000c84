#pragma once
// `aicl eval`: does AICL transfer actions the backbone never saw? For every ActionWorld action, render K
// reference clips (files written and read back through the video reader), prompt with a new subject, generate
// with and without AICL from the same seed, and score both with the motion judge (independent of the
// generator). Torch-free: only the pipeline's public interface.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "aicl/actionworld.h"
#include "aicl/pipeline.h"

namespace aicl {

struct EvaluationOptions {
  actionworld::ActionSet actions = actionworld::ActionSet::All;
  int videos_per_action = 4;
  int references = 3;
  int steps = 25;
  double guidance = 7.5;
  double aicl_scale = -1.0;  // < 0: the adapter's default
  uint64_t seed = 0;
  std::filesystem::path work_dir;  // references and generated clips are written here (kept for inspection)
  bool quick = false;              // started from quickEvaluationOptions() (recorded in the report)
};
EvaluationOptions defaultEvaluationOptions();
// A milestone check instead of a full evaluation: 2 videos per action, 10 denoising steps, 3
// references. Noisier and less converged than the defaults, so compare quick reports only with quick ones.
EvaluationOptions quickEvaluationOptions();

struct EvaluationReport {
  actionworld::EvaluationTally baseline;
  actionworld::EvaluationTally aicl;
  double seconds = 0.0;
  // {"baseline": tally, "aicl": tally, "seconds": s, "settings": {..., "quick": bool}}
  std::string toJson(const EvaluationOptions& options) const;
};

EvaluationReport evaluateActionWorld(const Pipeline& pipeline, const EvaluationOptions& options,
                                     const std::function<void(int done, int total)>& progress = {});

}  // namespace aicl
