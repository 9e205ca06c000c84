#pragma once
// A whole file's bytes as a string (empty when it cannot be opened).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace aicl::test {

inline std::string readFileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace aicl::test
