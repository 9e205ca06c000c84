#pragma once
// Discovery of reference fixture folders by the `kind` in their fixture.json, under every fixture root
// (../shared/fixtures and the folders named by AICL_FIXTURES), so a new folder of a known kind is tested with no
// code change.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_paths.h"

namespace aicl::test {

struct FixtureFolder {
  std::filesystem::path dir;
  std::string name;
  nlohmann::json descriptor;  // fixture.json
};

inline std::vector<FixtureFolder> fixturesOfKind(const std::string& kind) {
  std::vector<FixtureFolder> found;
  for (const auto& root : fixtureRoots()) {
    if (!std::filesystem::is_directory(root)) continue;
    std::vector<std::filesystem::path> candidates{root};  // a root may itself be one fixture folder
    for (const auto& entry : std::filesystem::directory_iterator(root))
      if (entry.is_directory()) candidates.push_back(entry.path());
    for (const auto& dir : candidates) {
      std::ifstream in(dir / "fixture.json");
      if (!in) continue;
      nlohmann::json descriptor = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
      if (!descriptor.is_object() || descriptor.value("kind", "") != kind) continue;
      found.push_back({dir, descriptor.value("name", dir.filename().string()), descriptor});
    }
  }
  return found;
}

// The names of the fixtures of a kind, for GoogleTest's ::testing::ValuesIn in parameterised tests.
inline std::vector<std::string> fixtureDirsOfKind(const std::string& kind) {
  std::vector<std::string> dirs;
  for (const auto& fixture : fixturesOfKind(kind)) dirs.push_back(fixture.dir.string());
  return dirs;
}

}  // namespace aicl::test
