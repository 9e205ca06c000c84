// The text-to-video pipeline end to end on a tiny diffusers folder made of the reference fixtures.
#include <gtest/gtest.h>

#include <fstream>

#include "aicl/error.h"
#include "aicl/pipeline.h"
#include "test_paths.h"

namespace {

namespace fs = std::filesystem;

fs::path tinyModel() { return AICL_TINY_MODEL_DIR; }

aicl::GenerationRequest smallRequest(uint64_t seed) {
  aicl::GenerationRequest request = aicl::defaultGenerationRequest();
  request.prompt = "a red circle bouncing on a black background";
  request.frames = 4;
  request.steps = 3;
  request.seed = seed;
  return request;
}

bool sameFrames(const std::vector<aicl::Frame>& a, const std::vector<aicl::Frame>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].rgb != b[i].rgb) return false;
  return true;
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(tinyModel() / "model_index.json")) GTEST_SKIP() << "tiny model absent (fixtures missing)";
  }
};

TEST_F(PipelineTest, GeneratesReproducibleFramesWithProgressAndPreview) {
  const auto pipeline = aicl::Pipeline::load(tinyModel());
  EXPECT_EQ(pipeline->info().native_width, 32);
  EXPECT_EQ(pipeline->info().vae_scale, 2);
  std::vector<int> steps;
  int previews = 0;
  aicl::GenerationCallbacks callbacks;
  callbacks.progress = [&](int step, int total, double) {
    steps.push_back(step);
    EXPECT_EQ(total, 3);
  };
  callbacks.preview = [&](int, const std::vector<aicl::Frame>& frames) {
    ++previews;
    EXPECT_EQ(frames.size(), 4u);
    EXPECT_EQ(frames[0].width, 16);  // latent resolution
  };
  const auto first = pipeline->generate(smallRequest(7), callbacks);
  ASSERT_EQ(first.frames.size(), 4u);
  EXPECT_EQ(first.frames[0].width, 32);
  EXPECT_EQ(first.frames[0].height, 32);
  EXPECT_EQ(first.frames[0].rgb.size(), 32u * 32u * 3u);
  EXPECT_EQ(steps, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(previews, 3);
  EXPECT_NE(first.settings_json.find("\"seed\":7"), std::string::npos) << first.settings_json;

  EXPECT_TRUE(sameFrames(pipeline->generate(smallRequest(7)).frames, first.frames));
  EXPECT_FALSE(sameFrames(pipeline->generate(smallRequest(8)).frames, first.frames));
  auto dpm = smallRequest(7);
  dpm.scheduler = aicl::SchedulerKind::DpmSolverPP;
  EXPECT_EQ(pipeline->generate(dpm).frames.size(), 4u);
}

TEST_F(PipelineTest, CancelStopsWithinAStepAndSkipsTheDecode) {
  const auto pipeline = aicl::Pipeline::load(tinyModel());
  int progress_calls = 0;
  aicl::GenerationCallbacks callbacks;
  callbacks.progress = [&](int, int, double) { ++progress_calls; };
  callbacks.cancelled = [&] { return progress_calls >= 1; };
  const auto result = pipeline->generate(smallRequest(1), callbacks);
  EXPECT_TRUE(result.cancelled);
  EXPECT_TRUE(result.frames.empty());
  EXPECT_EQ(progress_calls, 1);
}

TEST_F(PipelineTest, RejectsBadRequests) {
  const auto pipeline = aicl::Pipeline::load(tinyModel());
  auto request = smallRequest(1);
  request.width = 30;  // not a multiple of the model's factor
  EXPECT_THROW(pipeline->generate(request), aicl::Error);
  request = smallRequest(1);
  request.prompt = std::string(10000, 'x');  // long prompts are truncated, not an error
  EXPECT_EQ(pipeline->generate(request).frames.size(), 4u);
}

// A copy of the tiny model's layout with links, where one part can be broken.
fs::path brokenCopy(const std::string& name) {
  const auto dir = aicl::test::scratchDir(name);
  for (const auto& entry : fs::recursive_directory_iterator(tinyModel())) {
    const auto relative = entry.path().lexically_relative(tinyModel());
    if (entry.is_directory()) fs::create_directories(dir / relative);
    else fs::create_symlink(fs::canonical(entry.path()), dir / relative);
  }
  return dir;
}

void expectLoadError(const fs::path& dir, const std::string& needle) {
  try {
    aicl::Pipeline::load(dir);
    ADD_FAILURE() << "loaded a broken model";
  } catch (const aicl::Error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST_F(PipelineTest, BrokenFoldersNameTheFileAndKey) {
  auto dir = brokenCopy("pipeline_missing_weights");
  fs::remove(dir / "unet" / "diffusion_pytorch_model.safetensors");
  expectLoadError(dir, "unet: no .safetensors weights");

  dir = brokenCopy("pipeline_bad_config");
  fs::remove(dir / "unet" / "config.json");
  std::ofstream(dir / "unet" / "config.json") << "{\"block_out_channels\": [32, 64";
  expectLoadError(dir, "unet/config.json: malformed JSON");

  dir = brokenCopy("pipeline_wrong_weights");
  fs::remove(dir / "vae" / "diffusion_pytorch_model.safetensors");
  fs::create_symlink(fs::canonical(tinyModel() / "unet" / "diffusion_pytorch_model.safetensors"),
                     dir / "vae" / "diffusion_pytorch_model.safetensors");
  expectLoadError(dir, "conv_in.weight");

  dir = brokenCopy("pipeline_missing_tokenizer");
  fs::remove(dir / "tokenizer" / "merges.txt");
  expectLoadError(dir, "merges.txt: missing file");

  expectLoadError(aicl::test::scratchDir("pipeline_empty"), "unet: missing folder");
}

}  // namespace
