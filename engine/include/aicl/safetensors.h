#pragma once
// The safetensors format (https://github.com/huggingface/safetensors): parsing, validation, memory-mapped
// reading and atomic writing. Plain C++: no torch here (see engine/src/io/weight_loader.h for tensors).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace aicl {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };
size_t dtypeSize(DType dtype);
const char* dtypeName(DType dtype);                           // "F32", ...
std::optional<DType> dtypeFromName(const std::string& name);  // nullopt for names this engine does not read

struct TensorView {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  // Points into the mapped file (little-endian values, not necessarily aligned to the item size); valid while
  // the SafetensorsFile lives.
  const uint8_t* data = nullptr;
  size_t nbytes = 0;
};

// A validated, memory-mapped safetensors file (read into memory where mmap is unavailable). Construction
// throws aicl::Error naming the file (and the tensor) for every malformed input: header length out of bounds,
// bad or duplicate-keyed JSON, missing or mistyped fields, unknown dtype, negative dimension, shape overflow,
// offsets outside the data, overlapping or non-contiguous ranges, numel x itemsize != end - begin.
class SafetensorsFile {
 public:
  explicit SafetensorsFile(const std::filesystem::path& path);
  // Parses an in-memory buffer (the fuzz target and tests use this); `source_name` stands for the file in
  // errors.
  static SafetensorsFile fromBuffer(std::vector<uint8_t> bytes, const std::string& source_name);
  ~SafetensorsFile();
  SafetensorsFile(SafetensorsFile&&) noexcept;
  SafetensorsFile& operator=(SafetensorsFile&&) noexcept;

  const std::filesystem::path& path() const;
  const std::vector<TensorView>& tensors() const;              // in file order of data offsets
  const TensorView* find(const std::string& name) const;       // nullptr when absent
  const TensorView& at(const std::string& name) const;         // throws aicl::Error naming file and tensor
  const std::map<std::string, std::string>& metadata() const;  // "__metadata__"

 private:
  SafetensorsFile();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct TensorToWrite {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  const void* data = nullptr;
  size_t nbytes = 0;
};

// Writes atomically (temporary file beside `path`, flushed, then renamed), so an interrupted save never
// destroys the previous file. Tensors are laid out in name order; the header is space-padded to a multiple of
// 8 bytes. Every tensor is validated (name, shape, nbytes) before anything is written. Throws aicl::Error.
void writeSafetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace aicl
