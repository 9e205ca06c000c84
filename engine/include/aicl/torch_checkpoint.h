#pragma once
// Weights-only reading of PyTorch checkpoint files (.pt, .ckpt, .bin written by torch.save's zip format). The
// pickle is read by a small interpreter that never executes anything: tensors are rebuilt from the archive's
// storages (dtype, shape, strides, offsets, shared storages), a few known constructors (OrderedDict,
// torch.Size, set) become plain values, and every other class or function is kept as opaque data. Whatever
// cannot be read safely is refused with an aicl::Error naming the file and the problem: the legacy (non-zip)
// format, truncated archives or pickles, compressed records, missing or short storage records, tensors
// reaching past their storage, nesting or sizes beyond the limits. Plain C++: no torch here.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "aicl/safetensors.h"  // DType

namespace aicl {

struct TorchCheckpointLimits {
  size_t max_objects = size_t{1} << 24;           // values in the pickle
  size_t max_memo = size_t{1} << 22;              // pickle memo entries
  size_t max_elements = size_t{1} << 26;          // elements of all containers together
  size_t max_nesting = 1024;                      // MARK nesting
  size_t max_dims = 64;                           // of one tensor
  uint64_t max_tensor_bytes = uint64_t{1} << 36;  // of one materialised tensor (64 GiB)
};

// Where a tensor lives in the checkpoint, before it is read.
struct CheckpointTensorInfo {
  std::string name;  // the key relative to the state-dict path
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<int64_t> stride;  // in elements
  int64_t storage_offset = 0;   // in elements
  std::string storage_key;      // the archive record <stem>/data/<key>
  uint32_t object_id = 0;       // equal ids: the same pickled tensor object (a memo reference)
};

// A tensor read from the checkpoint: its own contiguous little-endian copy (views of a shared storage get
// separate copies).
struct CheckpointTensor {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;
};

// One key of the checkpoint's top-level dict, with a one-line description of its value ("dict: 12 entries,
// 8 tensors", "int 10", "str '0.9.0'", "tensor F32 [8,4]", "opaque echoreel.Params", ...).
struct CheckpointEntry {
  std::string key;
  std::string summary;
};

class TorchCheckpoint {
 public:
  explicit TorchCheckpoint(const std::filesystem::path& path, const TorchCheckpointLimits& limits = {});
  // Reads an in-memory file (tests, the fuzz target); `source_name` stands for the file in errors.
  static TorchCheckpoint fromBuffer(std::vector<uint8_t> bytes, const std::string& source_name,
                                    const TorchCheckpointLimits& limits = {});
  ~TorchCheckpoint();
  TorchCheckpoint(TorchCheckpoint&&) noexcept;
  TorchCheckpoint& operator=(TorchCheckpoint&&) noexcept;

  // The keys of the top-level dict (empty when the pickle's root is not a dict).
  std::vector<CheckpointEntry> topLevelKeys() const;
  // A guess at where the model weights are: the first of "state_dict", "module", "model" that is a dict
  // holding tensors, else the root.
  std::vector<std::string> defaultStateDictPath() const;
  // The tensors that are direct values of the dict at `state_dict_path` (keys from the root; empty = the
  // root), in pickle order; other values are skipped. Throws aicl::Error when the path does not lead to a
  // dict.
  std::vector<CheckpointTensorInfo> tensorInfos(const std::vector<std::string>& state_dict_path) const;
  // Copies one tensor out of its storage. Throws aicl::Error when it exceeds max_tensor_bytes.
  CheckpointTensor read(const CheckpointTensorInfo& info) const;
  // tensorInfos + read for each.
  std::vector<CheckpointTensor> readTensors(const std::vector<std::string>& state_dict_path) const;
  // The GLOBALs the pickle names that this reader does not know, as "module.name" (e.g. "os.system"): they
  // were kept as opaque data and never called; callers may warn about them.
  std::vector<std::string> opaqueGlobals() const;

 private:
  TorchCheckpoint();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aicl
