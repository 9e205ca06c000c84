#pragma once
// Where the tests find ../shared: the AICL_SHARED_DIR environment variable, else the path CMake configured.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace aicl::test {

inline std::filesystem::path sharedDir() {
  if (const char* env = std::getenv("AICL_SHARED_DIR"); env && *env) return env;
  return AICL_SHARED_DIR;
}
inline std::filesystem::path mediaDir() { return sharedDir() / "media"; }

// Fixture roots: ../shared/fixtures plus every folder in AICL_FIXTURES (colon-separated).
inline std::vector<std::filesystem::path> fixtureRoots() {
  std::vector<std::filesystem::path> roots{sharedDir() / "fixtures"};
  if (const char* env = std::getenv("AICL_FIXTURES"); env && *env) {
    std::string list = env;
    size_t begin = 0;
    while (begin <= list.size()) {
      size_t end = list.find(':', begin);
      if (end == std::string::npos) end = list.size();
      if (end > begin) roots.emplace_back(list.substr(begin, end - begin));
      begin = end + 1;
    }
  }
  return roots;
}

// A scratch folder for one test, removed and recreated.
inline std::filesystem::path scratchDir(const std::string& name) {
  auto dir = std::filesystem::path(AICL_BINARY_DIR) / "test-scratch" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace aicl::test
