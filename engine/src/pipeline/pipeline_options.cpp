// Defaults and text forms of the pipeline's options.
#include "aicl/error.h"
#include "aicl/pipeline.h"

#include <cstdlib>

namespace aicl {

PipelineOptions defaultPipelineOptions() { return PipelineOptions{}; }
GenerationRequest defaultGenerationRequest() { return GenerationRequest{}; }

const char* toString(ComputeDevice device) { return device == ComputeDevice::Cuda ? "cuda" : "cpu"; }

const char* toString(Precision precision) {
  switch (precision) {
    case Precision::BF16: return "bf16";
    case Precision::F16: return "f16";
    default: return "f32";
  }
}

const char* toString(SchedulerKind scheduler) {
  return scheduler == SchedulerKind::DpmSolverPP ? "dpm++" : "ddim";
}

const char* toString(GenerationMode mode) {
  switch (mode) {
    case GenerationMode::Baseline: return "baseline";
    case GenerationMode::Both: return "both";
    default: return "aicl";
  }
}

GenerationMode parseGenerationMode(const std::string& text) {
  if (text == "baseline") return GenerationMode::Baseline;
  if (text == "aicl") return GenerationMode::Aicl;
  if (text == "both") return GenerationMode::Both;
  throw Error("unknown mode '" + text + "' (expected baseline, aicl or both)");
}

namespace {

// A data folder shipped with the program: `environment` when set, else the installed copy beside the program
// (../share/aicl-studio/<relative>) when it holds `marker`, else the source tree's assets/<relative>.
std::filesystem::path shippedFolder(const char* environment, const std::filesystem::path& relative,
                                    const char* marker) {
  if (const char* path = std::getenv(environment); path && *path) return path;
  std::error_code error;
  const auto program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto installed = program.parent_path().parent_path() / "share" / "aicl-studio" / relative;
    if (std::filesystem::exists(installed / marker)) return installed;
  }
  return std::filesystem::path(AICL_SOURCE_DIR) / "assets" / relative;
}

}  // namespace

std::filesystem::path defaultModelFolder() {
  return shippedFolder("AICL_MODEL", std::filesystem::path("models") / "actionworld", "model_index.json");
}

std::filesystem::path defaultExamplesFolder() { return shippedFolder("AICL_EXAMPLES", "examples", "examples.json"); }

ComputeDevice parseDevice(const std::string& text) {
  if (text == "cpu") return ComputeDevice::Cpu;
  if (text == "cuda") return ComputeDevice::Cuda;
  throw Error("unknown device '" + text + "' (expected cpu or cuda)");
}

Precision parsePrecision(const std::string& text) {
  if (text == "f32" || text == "fp32" || text == "float32") return Precision::F32;
  if (text == "bf16" || text == "bfloat16") return Precision::BF16;
  if (text == "f16" || text == "fp16" || text == "float16") return Precision::F16;
  throw Error("unknown dtype '" + text + "' (expected f32, bf16 or f16)");
}

SchedulerKind parseScheduler(const std::string& text) {
  if (text == "ddim") return SchedulerKind::Ddim;
  if (text == "dpm++" || text == "dpm" || text == "dpmsolver++") return SchedulerKind::DpmSolverPP;
  throw Error("unknown scheduler '" + text + "' (expected ddim or dpm++)");
}

}  // namespace aicl
