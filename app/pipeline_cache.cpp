#include "pipeline_cache.h"

std::shared_ptr<aicl::Pipeline> PipelineCache::get(const std::filesystem::path& model_folder,
                                                   const std::filesystem::path& adapter_folder,
                                                   aicl::ComputeDevice device, aicl::Precision precision) {
  const std::filesystem::path model = model_folder.empty() ? aicl::defaultModelFolder() : model_folder;
  const std::string key = model.string() + '\n' + adapter_folder.string() + '\n' + aicl::toString(device) + '\n' +
                          aicl::toString(precision);
  std::lock_guard<std::mutex> lock(mutex_);
  if (pipeline_ && key == key_) return pipeline_;
  pipeline_.reset();
  key_.clear();
  aicl::PipelineOptions options = aicl::defaultPipelineOptions();
  options.device = device;
  options.precision = precision;
  options.adapter_folder = adapter_folder;
  pipeline_ = aicl::Pipeline::load(model, options);
  key_ = key;
  ++loads_;
  return pipeline_;
}

int PipelineCache::loads() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return loads_;
}
