#pragma once
// A read-only view of a zip archive's uncompressed ("stored") records, as torch.save writes them. Every
// offset and size read from the archive is checked against the file before use, so a malformed archive is
// refused with an aicl::Error naming the file and never causes an out-of-bounds read. Plain C++.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace aicl {

struct ZipRecord {
  std::string name;
  uint16_t method = 0;       // 0 = stored; anything else is refused when the record is read
  uint64_t data_offset = 0;  // of the record's bytes in the archive (past the local header)
  uint64_t size = 0;         // uncompressed = compressed size for stored records
};

class ZipArchive {
 public:
  // Maps the file (reads it where mmap is unavailable).
  explicit ZipArchive(const std::filesystem::path& path);
  // Parses an in-memory archive; `source_name` stands for the file in errors.
  static ZipArchive fromBuffer(std::vector<uint8_t> bytes, const std::string& source_name);
  ~ZipArchive();
  ZipArchive(ZipArchive&&) noexcept;
  ZipArchive& operator=(ZipArchive&&) noexcept;

  const std::string& sourceName() const;
  const std::vector<ZipRecord>& records() const;         // in central-directory order
  const ZipRecord* find(const std::string& name) const;  // nullptr when absent
  // The bytes of a stored record; throws aicl::Error for a compressed one.
  const uint8_t* data(const ZipRecord& record) const;

  // True when `bytes` start like a zip archive's first local header.
  static bool looksLikeZip(const uint8_t* bytes, size_t size);

 private:
  ZipArchive();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aicl
