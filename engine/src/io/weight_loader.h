#pragma once
// LibTorch side of weights I/O: safetensors <-> torch::Tensor, and strict loading into a torch::nn::Module by
// parameter name. Engine-private: torch headers stay out of engine/include.
#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "aicl/safetensors.h"

namespace aicl {

torch::Dtype toTorchDtype(DType dtype);
DType fromTorchDtype(torch::Dtype dtype);

// Copies a view out of the mapped file into an owned tensor (optionally converted to `dtype`).
torch::Tensor tensorFromView(const TensorView& view, c10::optional<torch::Dtype> dtype = c10::nullopt);
// All tensors of a file, by name.
std::map<std::string, torch::Tensor> loadTensors(const std::filesystem::path& path);
// Atomic write of named tensors (made contiguous, moved to CPU).
void saveTensors(const std::filesystem::path& path, const std::map<std::string, torch::Tensor>& tensors,
                 const std::map<std::string, std::string>& metadata = {});

struct LoadOptions {
  // Strict: any missing, unexpected or wrong-shape key is an error. Otherwise the matching tensors are loaded
  // and the rest only reported.
  bool strict = true;
  // Key (after prefix_map) -> module key: one place for key-name conversion, e.g. legacy VAE attention names.
  std::map<std::string, std::string> key_map;
  // Checkpoint key prefixes to rename, applied before key_map; the first matching prefix wins:
  // {"old.prefix.", "new.prefix."}.
  std::vector<std::pair<std::string, std::string>> prefix_map;
  // Checkpoint keys to skip, e.g. buffers the module recomputes (HF's "position_ids").
  std::set<std::string> ignored;
};
LoadOptions defaultLoadOptions();

struct LoadReport {
  std::vector<std::string> missing;     // module parameters/buffers with no tensor in the files
  std::vector<std::string> unexpected;  // tensors in the files the module does not have
  std::vector<std::string> mismatched;  // "wrong shape for X: got [..], expected [..]"
  size_t loaded = 0;
};

// Loads every parameter and buffer of `module` from one or more safetensors files (a sharded checkpoint; a
// key found in two files is an error), converting to each parameter's dtype and device. Nothing is written
// unless everything validates: with strict loading, all missing keys, unexpected keys and shape mismatches
// are listed in one aicl::Error naming the file(s), and the module is left untouched.
LoadReport loadModuleWeights(torch::nn::Module& module, const std::vector<std::filesystem::path>& files,
                             const LoadOptions& options = defaultLoadOptions());

// The same for tensors already in memory (converted state dicts, checkpoints read by other readers); `source`
// names them in errors.
LoadReport loadModuleWeights(torch::nn::Module& module, const std::map<std::string, torch::Tensor>& tensors,
                             const std::string& source, const LoadOptions& options = defaultLoadOptions());

// A freshly built module moved to dtype on device, strictly loaded from `files`, in eval mode.
template <typename ModuleHolder>
ModuleHolder loadedModule(ModuleHolder model, const std::vector<std::filesystem::path>& files, torch::Dtype dtype,
                          torch::Device device) {
  model->to(device, dtype);
  loadModuleWeights(*model, files);
  model->eval();
  return model;
}

// Writes a module's parameters and buffers (by their names) atomically.
void saveModuleWeights(const torch::nn::Module& module, const std::filesystem::path& path,
                       const std::map<std::string, std::string>& metadata = {});

}  // namespace aicl
