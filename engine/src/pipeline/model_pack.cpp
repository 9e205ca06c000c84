// packModelFolder: a model folder copied with its weights stored in another precision.
#include "aicl/error.h"
#include "aicl/pipeline.h"
#include "io/weight_loader.h"
#include "pipeline/model_folder.h"

namespace aicl {

void packModelFolder(const std::filesystem::path& from, const std::filesystem::path& to, Precision storage) {
  namespace fs = std::filesystem;
  locateModelFolder(from);  // a whole model folder, or an error naming the missing part
  const auto dtype = storage == Precision::BF16 ? torch::kBFloat16 : storage == Precision::F16 ? torch::kFloat16 : torch::kFloat32;
  const auto staging = fs::path(to.string() + ".packing");
  fs::remove_all(staging);
  for (const auto& entry : fs::recursive_directory_iterator(from)) {
    const auto target = staging / entry.path().lexically_relative(from);
    if (entry.is_directory()) {
      fs::create_directories(target);
    } else if (entry.path().extension() == ".safetensors") {
      auto tensors = loadTensors(entry.path());
      for (auto& [name, tensor] : tensors)
        if (tensor.is_floating_point()) tensor = tensor.to(dtype);
      fs::create_directories(target.parent_path());
      saveTensors(target, tensors);
    } else {
      fs::create_directories(target.parent_path());
      fs::copy_file(entry.path(), target, fs::copy_options::overwrite_existing);
    }
  }
  fs::remove_all(to);
  fs::rename(staging, to);
}

}  // namespace aicl
