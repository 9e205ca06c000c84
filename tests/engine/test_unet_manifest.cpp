// Building UNet3DConditionModel from the real ModelScope config gives exactly diffusers' parameter names and shapes.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "fixtures.h"
#include "unet/unet3d.h"

TEST(UNetManifest, ParameterNamesAndShapesEqualDiffusers) {
  const auto fixtures = aicl::test::fixturesOfKind("key_manifest");
  if (fixtures.empty()) GTEST_SKIP() << "no key_manifest fixture";
  for (const auto& fixture : fixtures) {
    const auto config_path = fixture.dir / "unet_config.json";
    if (!std::filesystem::exists(config_path)) continue;
    // LibTorch 1.13 has no meta-device construction for C++ modules: the real model is built (5.6 GB of
    // float32, a few seconds) and freed at the end of the test.
    aicl::unet::UNet3DConditionModel model(aicl::unet::UNet3DConfig::fromFile(config_path));
    std::map<std::string, std::vector<int64_t>> actual;
    int64_t parameters = 0;
    for (const auto& item : model->named_parameters()) {
      actual[item.key()] = item.value().sizes().vec();
      parameters += item.value().numel();
    }
    std::ifstream tsv(fixture.dir / "unet_keys.tsv");
    std::string line;
    std::getline(tsv, line);  // header
    size_t expected_count = 0;
    while (std::getline(tsv, line)) {
      std::istringstream row(line);
      std::string key, dtype, shape_text;
      std::getline(row, key, '\t');
      std::getline(row, dtype, '\t');
      std::getline(row, shape_text, '\t');
      if (key == "key") continue;
      std::vector<int64_t> shape;
      std::istringstream dims(shape_text);
      for (std::string d; std::getline(dims, d, ',');) shape.push_back(std::stoll(d));
      ++expected_count;
      auto it = actual.find(key);
      if (it == actual.end()) {
        ADD_FAILURE() << "missing " << key;
        continue;
      }
      EXPECT_EQ(it->second, shape) << key;
    }
    EXPECT_EQ(actual.size(), expected_count);
    EXPECT_EQ(expected_count, 1480u);
    EXPECT_EQ(parameters, 1411233860);
  }
}
