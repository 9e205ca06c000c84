// UNet3DConditionModel against diffusers' reference outputs (every fixture folder of kind "unet3d").
#include <gtest/gtest.h>

#include <fstream>

#include "aicl/error.h"
#include "fixtures.h"
#include "io/weight_loader.h"
#include "tensor_testing.h"
#include "test_paths.h"
#include "unet/unet3d.h"

namespace {

using aicl::unet::UNet3DConditionModel;
using aicl::unet::UNet3DConfig;

UNet3DConditionModel loadFixtureModel(const std::filesystem::path& dir) {
  UNet3DConditionModel model(UNet3DConfig::fromFile(dir / "config.json"));
  aicl::loadModuleWeights(*model, {dir / "weights.safetensors"});
  model->eval();
  return model;
}

TEST(UNet3D, MatchesDiffusersOnEveryFixture) {
  const auto fixtures = aicl::test::fixturesOfKind("unet3d");
  if (fixtures.empty()) GTEST_SKIP() << "no unet3d fixture under " << aicl::test::sharedDir();
  for (const auto& fixture : fixtures) {
    SCOPED_TRACE(fixture.name);
    auto model = loadFixtureModel(fixture.dir);
    auto inputs = aicl::loadTensors(fixture.dir / "inputs.safetensors");
    auto outputs = aicl::loadTensors(fixture.dir / "outputs.safetensors");
    std::map<std::string, torch::Tensor> seen;
    torch::Tensor sample;
    {
      c10::InferenceMode guard;
      sample = model->forward(inputs.at("sample"), inputs.at("timestep"), inputs.at("encoder_hidden_states"),
                              [&](const std::string& name, const torch::Tensor& value) { seen[name] = value.clone(); });
    }
    EXPECT_TRUE(aicl::test::tensorsClose(sample, outputs.at("sample"), "sample"));
    const auto intermediates_file = fixture.dir / "intermediates.safetensors";
    if (!std::filesystem::exists(intermediates_file)) continue;
    for (const auto& [name, expected] : aicl::loadTensors(intermediates_file)) {
      ASSERT_TRUE(seen.count(name)) << "no intermediate named " << name;
      EXPECT_TRUE(aicl::test::tensorsClose(seen.at(name), expected, name));
    }
  }
}

std::filesystem::path firstFixture() {
  const auto fixtures = aicl::test::fixturesOfKind("unet3d");
  return fixtures.empty() ? std::filesystem::path() : fixtures.front().dir;
}

TEST(UNet3D, TemporalHookIsCalledPerBlockAndAZeroHookChangesNothing) {
  const auto dir = firstFixture();
  if (dir.empty()) GTEST_SKIP() << "no unet3d fixture";
  auto model = loadFixtureModel(dir);
  auto inputs = aicl::loadTensors(dir / "inputs.safetensors");
  c10::InferenceMode guard;
  auto run = [&] { return model->forward(inputs.at("sample"), inputs.at("timestep"), inputs.at("encoder_hidden_states")); };
  const auto baseline = run();

  std::vector<int64_t> calls;
  const auto& sample = inputs.at("sample");
  model->setTemporalHook([&](const torch::Tensor& hidden, int64_t index) {
    calls.push_back(index);
    EXPECT_EQ(hidden.dim(), 3);
    EXPECT_EQ(hidden.size(1), sample.size(2));  // frames are the sequence
    return torch::zeros_like(hidden);
  });
  EXPECT_TRUE(torch::equal(run(), baseline));
  EXPECT_EQ(static_cast<int64_t>(calls.size()), model->temporalHookCount());
  // unet3d_tiny_a: one temporal transformer in down_blocks.0, mid_block and each of the two up_blocks.1 layers.
  EXPECT_GE(model->temporalHookCount(), 1);
  for (size_t i = 0; i < calls.size(); ++i) EXPECT_EQ(calls[i], static_cast<int64_t>(i));

  model->setTemporalHook([](const torch::Tensor& hidden, int64_t) { return torch::full_like(hidden, 0.1); });
  EXPECT_FALSE(torch::allclose(run(), baseline));
  model->setTemporalHook({});
  EXPECT_TRUE(torch::equal(run(), baseline));
}

TEST(UNet3D, WrongShapeNamesTheKeyAndLoadsNothing) {
  const auto dir = firstFixture();
  if (dir.empty()) GTEST_SKIP() << "no unet3d fixture";
  auto weights = aicl::loadTensors(dir / "weights.safetensors");
  weights["conv_in.weight"] = torch::zeros({7, 4, 3, 3});
  const auto broken = aicl::test::scratchDir("unet_wrong_shape") / "weights.safetensors";
  aicl::saveTensors(broken, weights);
  UNet3DConditionModel model(UNet3DConfig::fromFile(dir / "config.json"));
  const auto before = model->conv_out->weight.clone();
  try {
    aicl::loadModuleWeights(*model, {broken});
    FAIL() << "loading a wrong shape succeeded";
  } catch (const aicl::Error& e) {
    EXPECT_NE(std::string(e.what()).find("conv_in.weight"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(torch::equal(model->conv_out->weight, before));
}

TEST(UNet3DConfig, MalformedConfigNamesFileAndKey) {
  const auto dir = aicl::test::scratchDir("unet_bad_config");
  auto write = [&](const std::string& text) {
    std::ofstream(dir / "config.json") << text;
    return dir / "config.json";
  };
  auto expectError = [&](const std::string& text, const std::string& needle) {
    try {
      UNet3DConfig::fromFile(write(text));
      ADD_FAILURE() << "accepted: " << text;
    } catch (const aicl::Error& e) {
      EXPECT_NE(std::string(e.what()).find("config.json"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expectError("{\"block_out_channels\": \"wide\"}", "block_out_channels");
  expectError("{\"layers_per_block\": 0}", "layers_per_block");
  expectError("{\"down_block_types\": [\"Nope\", \"DownBlock3D\", \"DownBlock3D\", \"DownBlock3D\"]}", "down_block_types");
  expectError("{\"block_out_channels\": [32, 64", "malformed JSON");
}

}  // namespace
