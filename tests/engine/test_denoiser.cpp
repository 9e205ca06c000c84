// The Denoiser interface: EchoReel's guidance rows batched in one call equal the released code's separate calls
// (each row its own prompt, both with the reference), the AICL strength, and the choice of backbone by class name.
#include <gtest/gtest.h>

#include <fstream>

#include "aicl/error.h"
#include "backbone/echoreel_denoiser.h"
#include "backbone/unet3d_denoiser.h"
#include "fixtures.h"
#include "io/weight_loader.h"
#include "pipeline/model_folder.h"
#include "tensor_testing.h"
#include "test_paths.h"

namespace {

namespace fs = std::filesystem;
using aicl::backbone::ActionInput;
using aicl::backbone::EchoReelDenoiser;

class EchoReelDenoiserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto found = aicl::test::fixturesOfKind("echoreel_unet");
    if (found.empty()) GTEST_SKIP() << "no fixture of kind echoreel_unet";
    dir_ = found.front().dir;
    unet_ = aicl::echoreel::LvdmUNet(aicl::echoreel::LvdmUNetConfig::fromFile(dir_ / "config.json"));
    aicl::loadModuleWeights(*unet_, {dir_ / "weights.safetensors"});
    unet_->eval();
    inputs_ = aicl::loadTensors(dir_ / "inputs.safetensors");
  }
  torch::Tensor input(const std::string& name, int64_t row) const { return inputs_.at(name).narrow(0, row, 1); }

  fs::path dir_;
  aicl::echoreel::LvdmUNet unet_{nullptr};
  std::map<std::string, torch::Tensor> inputs_;
};

TEST_F(EchoReelDenoiserTest, GuidanceRowsInOneBatchEqualTheReleasedSeparateCalls) {
  c10::InferenceMode guard;
  EchoReelDenoiser denoiser(unet_);
  ActionInput action;
  action.reference_latents = input("inject_video", 0);
  action.captions = input("inject_text", 0);
  action.prompts = inputs_.at("context");  // row 0 plays the unconditional prompt, row 1 the prompt
  action.frames = inputs_.at("x").size(2);
  const auto context = denoiser.prepareAction(action);
  const auto x = input("x", 0).expand({2, -1, -1, -1, -1});
  const auto t = inputs_.at("timesteps")[1];
  const auto batched = denoiser.predictNoise(x, t, inputs_.at("context"), context.get());
  for (int64_t row = 0; row < 2; ++row) {
    const auto released = unet_->forward(input("x", 0), t.reshape({1}), input("context", row), input("inject_video", 0),
                                         input("inject_text", 0));
    EXPECT_TRUE(aicl::test::tensorsClose(batched.narrow(0, row, 1), released, "row " + std::to_string(row), 1e-5));
  }
  // Strength 0 is the backbone alone; strength 1 is not.
  action.scale = 0.0;
  const auto off = denoiser.predictNoise(x, t, inputs_.at("context"), denoiser.prepareAction(action).get());
  const auto alone = denoiser.predictNoise(x, t, inputs_.at("context"), nullptr);
  EXPECT_TRUE(torch::equal(off, alone));
  EXPECT_FALSE(torch::allclose(batched, alone, 1e-3, 1e-3));
}

TEST_F(EchoReelDenoiserTest, FrameFeaturesAreThePrismsToutPerFrame) {
  c10::InferenceMode guard;
  EchoReelDenoiser denoiser(unet_);
  const auto features = denoiser.frameFeatures(input("inject_video", 0), input("inject_text", 0), input("context", 0));
  const auto tout = unet_->prismTokens(input("context", 0), input("inject_video", 0), input("inject_text", 0)).temporal;
  EXPECT_EQ(features.sizes(), tout[0].sizes());
  EXPECT_TRUE(torch::equal(features, tout[0]));
  EXPECT_TRUE(denoiser.hasAdapter());
  EXPECT_EQ(denoiser.maxFrames(), 0);
}

TEST(LoadDenoiser, AnUnknownClassNameNamesTheConfigFile) {
  const auto dir = aicl::test::scratchDir("denoiser_unknown_class");
  fs::create_directories(dir / "unet");
  std::ofstream(dir / "unet" / "config.json") << R"({"_class_name": "FancyUNet"})";
  aicl::saveTensors(dir / "unet" / "diffusion_pytorch_model.safetensors", {{"w", torch::zeros({1})}});
  aicl::ModelFolder folder;
  folder.unet = {dir / "unet", dir / "unet" / "config.json", aicl::locateWeights(dir / "unet")};
  folder.unet_class = "FancyUNet";
  try {
    aicl::backbone::loadDenoiser(folder, {}, torch::kFloat32, torch::kCPU);
    FAIL() << "no error";
  } catch (const aicl::Error& e) {
    EXPECT_NE(std::string(e.what()).find("config.json: unknown _class_name 'FancyUNet'"), std::string::npos) << e.what();
  }
}

}  // namespace
