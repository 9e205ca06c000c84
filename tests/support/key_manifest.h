#pragma once
// Reading a key_manifest fixture's TSV (key, dtype, comma-separated shape, ...) and checking that building a
// full-size model shape-only touched none of its memory.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace aicl::test {

struct ManifestEntry {
  std::string key;
  std::vector<int64_t> shape;
};

inline std::vector<ManifestEntry> readKeyManifest(const std::filesystem::path& tsv_path) {
  std::ifstream tsv(tsv_path);
  std::vector<ManifestEntry> entries;
  std::string line;
  while (std::getline(tsv, line)) {
    std::istringstream row(line);
    std::string key, dtype, shape_text;
    std::getline(row, key, '\t');
    std::getline(row, dtype, '\t');
    std::getline(row, shape_text, '\t');
    if (key.empty() || key == "key") continue;  // header
    ManifestEntry entry{key, {}};
    std::istringstream dims(shape_text);
    for (std::string d; std::getline(dims, d, ',');) entry.shape.push_back(std::stoll(d));
    entries.push_back(entry);
  }
  return entries;
}

// Resident memory of this process (Linux), in bytes; -1 where unknown.
inline int64_t residentBytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  return -1;
}

}  // namespace aicl::test
