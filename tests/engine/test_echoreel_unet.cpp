// EchoReel's denoiser (LVDM UNet + Action Prism + Action Integration) against the released code's outputs (every
// fixture folder of kind "echoreel_unet"; its README documents the computation and the batch-order finding).
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <string>

#include "aicl/error.h"
#include "echoreel/lvdm_unet.h"
#include "fixtures.h"
#include "io/weight_loader.h"
#include "tensor_testing.h"
#include "test_paths.h"

namespace {

using aicl::echoreel::LvdmUNet;
using aicl::echoreel::LvdmUNetConfig;
using aicl::echoreel::ReferenceBatchOrder;
using TensorMap = std::map<std::string, torch::Tensor>;

LvdmUNet loadFixtureModel(const std::filesystem::path& dir) {
  LvdmUNet model(LvdmUNetConfig::fromFile(dir / "config.json"));
  aicl::loadModuleWeights(*model, {dir / "weights.safetensors"});
  model->eval();
  return model;
}

// One forward on a fixture's inputs, with every intermediate the model reports.
struct Run {
  torch::Tensor eps;
  TensorMap seen;
};
Run runModel(LvdmUNet& model, const TensorMap& inputs, bool with_references = true) {
  Run run;
  c10::InferenceMode guard;
  const auto none = torch::Tensor();
  run.eps = model->forward(inputs.at("x"), inputs.at("timesteps"), inputs.at("context"),
                           with_references ? inputs.at("inject_video") : none,
                           with_references ? inputs.at("inject_text") : none,
                           [&](const std::string& name, const torch::Tensor& value) { run.seen[name] = value.clone(); });
  return run;
}

void expectClose(const torch::Tensor& actual, const torch::Tensor& expected, const std::string& what) {
  EXPECT_TRUE(aicl::test::tensorsClose(actual, expected, what));
  std::cout << "  " << what << ": relative L2 " << aicl::test::relativeL2(actual, expected) << "\n";
}

// Every tensor of `expected` whose name the run reported ("eps" is the output).
void expectAllReported(const Run& run, const TensorMap& expected, const std::string& label) {
  for (const auto& [name, tensor] : expected) {
    if (name == "eps") {
      expectClose(run.eps, tensor, label + " eps");
      continue;
    }
    ASSERT_TRUE(run.seen.count(name)) << "no intermediate named " << name;
    expectClose(run.seen.at(name), tensor, label + " " + name);
  }
}

TensorMap only(const TensorMap& tensors, std::initializer_list<const char*> names) {
  TensorMap picked;
  for (const char* name : names) picked[name] = tensors.at(name);
  return picked;
}

// Declares `fixtures` (every echoreel_unet fixture folder) or skips the test when there is none.
#define ECHOREEL_FIXTURES_OR_SKIP()                                           \
  const auto fixtures = aicl::test::fixturesOfKind("echoreel_unet");          \
  if (fixtures.empty()) GTEST_SKIP() << "no echoreel_unet fixture under " << aicl::test::sharedDir()

TEST(EchoReelUNet, BatchOneMatchesTheReleasedOutputTokensAndInject) {
  ECHOREEL_FIXTURES_OR_SKIP();
  for (const auto& fixture : fixtures) {
    SCOPED_TRACE(fixture.name);
    std::cout << fixture.name << " (batch 1)\n";
    auto model = loadFixtureModel(fixture.dir);
    const auto run = runModel(model, aicl::loadTensors(fixture.dir / "inputs_b1.safetensors"));
    auto expected = aicl::loadTensors(fixture.dir / "outputs_b1.safetensors");
    expected.erase("eps_no_inject");
    expectAllReported(run, expected, "b1");
  }
}

TEST(EchoReelUNet, PerSampleBatchEqualsEachSampleRunAlone) {
  ECHOREEL_FIXTURES_OR_SKIP();
  for (const auto& fixture : fixtures) {
    SCOPED_TRACE(fixture.name);
    std::cout << fixture.name << " (batch 2, per sample)\n";
    auto model = loadFixtureModel(fixture.dir);
    ASSERT_EQ(model->integration.batch_order, ReferenceBatchOrder::PerSample);  // the default
    const auto run = runModel(model, aicl::loadTensors(fixture.dir / "inputs.safetensors"));
    const auto outputs = aicl::loadTensors(fixture.dir / "outputs.safetensors");
    expectClose(run.eps, outputs.at("eps_per_sample"), "eps_per_sample");
    // The prism is per sample in the released code too.
    expectAllReported(run, only(outputs, {"perceiver_Tout", "perceiver_Sout"}), "b2");
    const auto intermediates = aicl::loadTensors(fixture.dir / "intermediates.safetensors");
    expectAllReported(run, only(intermediates, {"time_embed", "input_blocks.0"}), "b2");
  }
}

TEST(EchoReelUNet, ReleasedBatchOrderReproducesTheReleasedBatchOutputAndIntermediates) {
  ECHOREEL_FIXTURES_OR_SKIP();
  for (const auto& fixture : fixtures) {
    SCOPED_TRACE(fixture.name);
    std::cout << fixture.name << " (batch 2, released order)\n";
    auto model = loadFixtureModel(fixture.dir);
    model->integration.batch_order = ReferenceBatchOrder::Released;
    const auto run = runModel(model, aicl::loadTensors(fixture.dir / "inputs.safetensors"));
    const auto outputs = aicl::loadTensors(fixture.dir / "outputs.safetensors");
    expectAllReported(run, only(outputs, {"eps", "perceiver_Tout", "perceiver_Sout"}), "b2 released");
    expectAllReported(run, aicl::loadTensors(fixture.dir / "intermediates.safetensors"), "b2 released");
  }
}

TEST(EchoReelUNet, IntegrationOffAndNoReferencesEqualTheNoInjectBaseline) {
  ECHOREEL_FIXTURES_OR_SKIP();
  for (const auto& fixture : fixtures) {
    SCOPED_TRACE(fixture.name);
    std::cout << fixture.name << " (no inject)\n";
    auto model = loadFixtureModel(fixture.dir);
    for (const auto& [inputs, outputs] : {std::pair{"inputs.safetensors", "outputs.safetensors"},
                                          std::pair{"inputs_b1.safetensors", "outputs_b1.safetensors"}}) {
      const auto in = aicl::loadTensors(fixture.dir / inputs);
      const auto expected = aicl::loadTensors(fixture.dir / outputs).at("eps_no_inject");
      model->integration.enabled = false;
      const auto off = runModel(model, in);
      EXPECT_EQ(off.seen.count("perceiver_Tout"), 0u) << "the prism runs with the Integration off";
      expectClose(off.eps, expected, std::string(outputs) + " integration off");
      model->integration.enabled = true;
      expectClose(runModel(model, in, /*with_references=*/false).eps, expected,
                  std::string(outputs) + " no references");
    }
  }
}

TEST(EchoReelUNet, PrismTokensAccessorMatchesTheFixture) {
  ECHOREEL_FIXTURES_OR_SKIP();
  for (const auto& fixture : fixtures) {
    SCOPED_TRACE(fixture.name);
    auto model = loadFixtureModel(fixture.dir);
    const auto inputs = aicl::loadTensors(fixture.dir / "inputs.safetensors");
    const auto outputs = aicl::loadTensors(fixture.dir / "outputs.safetensors");
    c10::InferenceMode guard;
    const auto tokens = model->prismTokens(inputs.at("context"), inputs.at("inject_video"), inputs.at("inject_text"));
    EXPECT_TRUE(aicl::test::tensorsClose(tokens.temporal, outputs.at("perceiver_Tout"), "Tout"));
    EXPECT_TRUE(aicl::test::tensorsClose(tokens.spatial, outputs.at("perceiver_Sout"), "Sout"));
  }
}

TEST(EchoReelUNet, StrictLoadingNamesAWrongShapeKey) {
  ECHOREEL_FIXTURES_OR_SKIP();
  const auto& dir = fixtures.front().dir;
  LvdmUNet model(LvdmUNetConfig::fromFile(dir / "config.json"));
  auto weights = aicl::loadTensors(dir / "weights.safetensors");
  const std::string key = "input_blocks.1.1.transformer_blocks.0.video_inject_attn3_tmp.to_k.weight";
  ASSERT_TRUE(weights.count(key));
  weights[key] = torch::zeros({weights[key].size(0), weights[key].size(1) + 1});
  try {
    aicl::loadModuleWeights(*model, weights, "modified fixture weights");
    FAIL() << "a wrong-shape tensor was accepted";
  } catch (const aicl::Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("wrong shape for " + key), std::string::npos) << message;
  }
}

}  // namespace
