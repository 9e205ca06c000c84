#include "io/weight_loader.h"

#include <cstring>
#include <functional>

#include "aicl/error.h"

namespace aicl {
namespace {

std::string shapeText(c10::IntArrayRef shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

std::string filesText(const std::vector<std::filesystem::path>& files) {
  std::string text;
  for (const auto& file : files) text += (text.empty() ? "" : ", ") + file.string();
  return text;
}

// "a, b, c" with at most `limit` items, so a completely wrong checkpoint still gives a readable message.
std::string listText(const std::vector<std::string>& items, size_t limit = 20) {
  std::string text;
  for (size_t i = 0; i < items.size() && i < limit; ++i) text += (i ? ", " : "") + items[i];
  if (items.size() > limit) text += ", ... (" + std::to_string(items.size() - limit) + " more)";
  return text;
}

std::string moduleKey(const std::string& checkpoint_key, const LoadOptions& options) {
  std::string key = checkpoint_key;
  for (const auto& [from, to] : options.prefix_map) {
    if (key.compare(0, from.size(), from) == 0) {
      key = to + key.substr(from.size());
      break;
    }
  }
  const auto renamed = options.key_map.find(key);
  return renamed == options.key_map.end() ? key : renamed->second;
}

// A tensor over the mapped bytes when they can be used in place (aligned, not BOOL), else an owned copy. Only
// ever read from: it is the source of a copy_.
torch::Tensor readableTensor(const TensorView& view) {
  const bool aligned = reinterpret_cast<uintptr_t>(view.data) % dtypeSize(view.dtype) == 0;
  if (view.dtype == DType::BOOL || !aligned || view.nbytes == 0) return tensorFromView(view);
  return torch::from_blob(const_cast<uint8_t*>(view.data), view.shape,
                          torch::TensorOptions().dtype(toTorchDtype(view.dtype)));
}

std::map<std::string, torch::Tensor> namedState(const torch::nn::Module& module) {
  std::map<std::string, torch::Tensor> state;
  for (const auto& item : module.named_parameters(/*recurse=*/true))
    if (item.value().defined()) state.emplace(item.key(), item.value());
  for (const auto& item : module.named_buffers(/*recurse=*/true))
    if (item.value().defined()) state.emplace(item.key(), item.value());
  return state;
}

}  // namespace

torch::Dtype toTorchDtype(DType dtype) {
  switch (dtype) {
    case DType::F64:
      return torch::kFloat64;
    case DType::F32:
      return torch::kFloat32;
    case DType::F16:
      return torch::kFloat16;
    case DType::BF16:
      return torch::kBFloat16;
    case DType::I64:
      return torch::kInt64;
    case DType::I32:
      return torch::kInt32;
    case DType::I16:
      return torch::kInt16;
    case DType::I8:
      return torch::kInt8;
    case DType::U8:
      return torch::kUInt8;
    case DType::BOOL:
      return torch::kBool;
  }
  throw Error("invalid DType value " + std::to_string(static_cast<int>(dtype)));
}

DType fromTorchDtype(torch::Dtype dtype) {
  switch (dtype) {
    case torch::kFloat64:
      return DType::F64;
    case torch::kFloat32:
      return DType::F32;
    case torch::kFloat16:
      return DType::F16;
    case torch::kBFloat16:
      return DType::BF16;
    case torch::kInt64:
      return DType::I64;
    case torch::kInt32:
      return DType::I32;
    case torch::kInt16:
      return DType::I16;
    case torch::kInt8:
      return DType::I8;
    case torch::kUInt8:
      return DType::U8;
    case torch::kBool:
      return DType::BOOL;
    default:
      throw Error(std::string("torch dtype ") + c10::toString(dtype) + " has no safetensors equivalent");
  }
}

torch::Tensor tensorFromView(const TensorView& view, c10::optional<torch::Dtype> dtype) {
  // Bytes other than 0 and 1 are not valid torch bools: read BOOL as bytes and compare.
  const bool is_bool = view.dtype == DType::BOOL;
  auto tensor = torch::empty(
      view.shape, torch::TensorOptions().dtype(is_bool ? torch::kUInt8 : toTorchDtype(view.dtype)));
  if (tensor.nbytes() != view.nbytes)
    throw Error("tensor '" + view.name + "': " + std::to_string(view.nbytes) + " bytes do not hold " +
                dtypeName(view.dtype) + " " + shapeText(view.shape));
  if (view.nbytes > 0) std::memcpy(tensor.data_ptr(), view.data, view.nbytes);
  if (is_bool) tensor = tensor.ne(0);
  if (dtype && *dtype != tensor.scalar_type()) tensor = tensor.to(*dtype);
  return tensor;
}

std::map<std::string, torch::Tensor> loadTensors(const std::filesystem::path& path) {
  const SafetensorsFile file(path);
  std::map<std::string, torch::Tensor> tensors;
  for (const auto& view : file.tensors()) tensors.emplace(view.name, tensorFromView(view));
  return tensors;
}

void saveTensors(const std::filesystem::path& path, const std::map<std::string, torch::Tensor>& tensors,
                 const std::map<std::string, std::string>& metadata) {
  std::vector<torch::Tensor> cpu_tensors;  // keeps the bytes alive until written
  std::vector<TensorToWrite> to_write;
  cpu_tensors.reserve(tensors.size());
  for (const auto& [name, tensor] : tensors) {
    const std::string where = path.string() + ": tensor '" + name + "': ";
    if (!tensor.defined()) throw Error(where + "undefined tensor");
    DType dtype;
    try {
      dtype = fromTorchDtype(tensor.scalar_type());
    } catch (const Error& e) {
      throw Error(where + e.what());
    }
    cpu_tensors.push_back(tensor.detach().to(torch::kCPU).contiguous());
    const auto& cpu = cpu_tensors.back();
    to_write.push_back({name, dtype, cpu.sizes().vec(), cpu.data_ptr(), cpu.nbytes()});
  }
  writeSafetensors(path, to_write, metadata);
}

LoadOptions defaultLoadOptions() { return LoadOptions{}; }

namespace {

// One checkpoint tensor offered for a module key: its name in the checkpoint, its shape, and how to read it (lazily,
// so that nothing is copied before the whole checkpoint validated).
struct ProvidedTensor {
  std::string name;
  std::vector<int64_t> shape;
  std::function<torch::Tensor()> read;
};

// Validates `provided` against the module's parameters and buffers, then copies; `where` names the source in errors.
LoadReport loadProvided(torch::nn::Module& module, const std::string& where,
                        const std::map<std::string, ProvidedTensor>& provided, const LoadOptions& options) {
  // Validate everything before touching the module.
  const auto state = namedState(module);
  LoadReport report;
  std::vector<std::pair<torch::Tensor, const ProvidedTensor*>> copies;
  for (const auto& [name, target] : state) {
    const auto it = provided.find(name);
    if (it == provided.end()) {
      report.missing.push_back(name);
    } else if (target.sizes() != c10::IntArrayRef(it->second.shape)) {
      report.mismatched.push_back("wrong shape for " + name + ": got " + shapeText(it->second.shape) +
                                  ", expected " + shapeText(target.sizes()));
    } else {
      copies.emplace_back(target, &it->second);
    }
  }
  for (const auto& [key, tensor] : provided)
    if (!state.count(key)) report.unexpected.push_back(key);

  const bool complete = report.missing.empty() && report.unexpected.empty() && report.mismatched.empty();
  if (options.strict && !complete) {
    std::string message = where + ": weights do not match the module (" +
                          std::to_string(report.missing.size()) + " missing, " +
                          std::to_string(report.unexpected.size()) + " unexpected, " +
                          std::to_string(report.mismatched.size()) + " with the wrong shape)";
    if (!report.missing.empty()) message += "; missing: " + listText(report.missing);
    if (!report.unexpected.empty()) message += "; unexpected: " + listText(report.unexpected);
    if (!report.mismatched.empty()) message += "; " + listText(report.mismatched, 10);
    throw Error(message);
  }

  torch::NoGradGuard no_grad;
  for (auto& [target, source] : copies) {
    try {
      target.copy_(source->read());  // converts to the parameter's dtype and device
    } catch (const c10::Error& e) {
      throw Error(where + ": copying '" + source->name + "' failed: " + e.what_without_backtrace());
    }
  }
  report.loaded = copies.size();
  return report;
}

}  // namespace

LoadReport loadModuleWeights(torch::nn::Module& module, const std::vector<std::filesystem::path>& files,
                             const LoadOptions& options) {
  if (files.empty()) throw Error("loading weights into " + module.name() + ": no weight files given");
  const std::string where = filesText(files);
  std::vector<SafetensorsFile> opened;
  opened.reserve(files.size());  // views point into these, so no reallocation
  for (const auto& file : files) opened.emplace_back(file);

  // Module key -> the checkpoint tensor that provides it.
  std::map<std::string, ProvidedTensor> provided;
  std::map<std::string, const SafetensorsFile*> provider;
  for (const auto& file : opened) {
    for (const auto& view : file.tensors()) {
      if (options.ignored.count(view.name)) continue;
      const std::string key = moduleKey(view.name, options);
      const ProvidedTensor tensor{view.name, view.shape, [&view] { return readableTensor(view); }};
      if (!provided.emplace(key, tensor).second)
        throw Error(where + ": two tensors provide '" + key + "': '" + provided[key].name + "' in " +
                    provider[key]->path().string() + " and '" + view.name + "' in " + file.path().string());
      provider.emplace(key, &file);
    }
  }
  return loadProvided(module, where, provided, options);
}

LoadReport loadModuleWeights(torch::nn::Module& module, const std::map<std::string, torch::Tensor>& tensors,
                             const std::string& source, const LoadOptions& options) {
  std::map<std::string, ProvidedTensor> provided;
  for (const auto& [name, tensor] : tensors) {
    if (options.ignored.count(name)) continue;
    const std::string key = moduleKey(name, options);
    const ProvidedTensor entry{name, tensor.sizes().vec(), [&tensor = tensor] { return tensor; }};
    if (!provided.emplace(key, entry).second)
      throw Error(source + ": two tensors provide '" + key + "': '" + provided[key].name + "' and '" + name + "'");
  }
  return loadProvided(module, source, provided, options);
}

void saveModuleWeights(const torch::nn::Module& module, const std::filesystem::path& path,
                       const std::map<std::string, std::string>& metadata) {
  saveTensors(path, namedState(module), metadata);
}

}  // namespace aicl
