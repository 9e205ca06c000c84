// Defaults and text forms of the pipeline's options.
#include "aicl/error.h"
#include "aicl/pipeline.h"

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
