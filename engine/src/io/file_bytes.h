#pragma once
// A whole file's bytes for a parser: memory-mapped where the system can (weights files are large), read into
// memory otherwise, or a buffer handed over (tests and fuzzers). Plain C++.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace aicl {

class FileBytes {
 public:
  FileBytes() = default;
  explicit FileBytes(std::vector<uint8_t> owned) : owned_(std::move(owned)) {}
  // Throws aicl::Error "<path>: cannot open ..." / "not a regular file" / "read failed".
  static FileBytes of(const std::filesystem::path& path);
  ~FileBytes();
  FileBytes(FileBytes&& other) noexcept;
  FileBytes& operator=(FileBytes&& other) noexcept;
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  const uint8_t* data() const { return mapped_ ? static_cast<const uint8_t*>(mapped_) : owned_.data(); }
  size_t size() const { return mapped_ ? mapped_size_ : owned_.size(); }

 private:
  void release();

  std::vector<uint8_t> owned_;
  void* mapped_ = nullptr;
  size_t mapped_size_ = 0;
};

}  // namespace aicl
