#pragma once
// The loaded pipeline, shared by the workers: weights are loaded once and kept while the model, adapter, device
// and precision stay the same. Plain C++ over the engine's torch-free interface.
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "aicl/pipeline.h"

class PipelineCache {
 public:
  // Loads on first use and when anything in the key changes (the previous pipeline is released first, so two
  // models never sit in memory together). Throws aicl::Error naming the file and problem.
  std::shared_ptr<aicl::Pipeline> get(const std::filesystem::path& model_folder,
                                      const std::filesystem::path& adapter_folder, aicl::ComputeDevice device,
                                      aicl::Precision precision);
  int loads() const;  // how many times a pipeline was loaded (for tests)

 private:
  mutable std::mutex mutex_;
  std::string key_;
  std::shared_ptr<aicl::Pipeline> pipeline_;
  int loads_ = 0;
};
