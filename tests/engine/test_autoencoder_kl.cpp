// AutoencoderKL against the diffusers reference fixtures (kind "autoencoder_kl"), legacy key names, slicing,
// the video helpers and all-or-nothing loading.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <map>
#include <string>

#include "aicl/error.h"
#include "fixtures.h"
#include "io/weight_loader.h"
#include "tensor_testing.h"
#include "test_paths.h"
#include "vae/autoencoder_kl.h"

namespace aicl::vae {
namespace {

using aicl::test::fixturesOfKind;
using aicl::test::FixtureFolder;
using aicl::test::tensorsClose;

AutoencoderKL buildFromFixture(const FixtureFolder& fixture) {
  AutoencoderKL model(AutoencoderKLConfig::fromJson(fixture.dir / "config.json"));
  model->eval();
  return model;
}

AutoencoderKL loadFixtureModel(const FixtureFolder& fixture) {
  AutoencoderKL model = buildFromFixture(fixture);
  loadAutoencoderKLWeights(model, {fixture.dir / "weights.safetensors"});
  return model;
}

std::vector<FixtureFolder> vaeFixtures() { return fixturesOfKind("autoencoder_kl"); }

#define SKIP_WITHOUT_FIXTURES(list) \
  if ((list).empty()) GTEST_SKIP() << "no fixture of kind autoencoder_kl under " << aicl::test::sharedDir()

TEST(AutoencoderKL, MatchesDiffusersOnEveryFixture) {
  const auto fixtures = vaeFixtures();
  SKIP_WITHOUT_FIXTURES(fixtures);
  for (const auto& fixture : fixtures) {
    SCOPED_TRACE(fixture.name);
    c10::InferenceMode inference;
    AutoencoderKL model = loadFixtureModel(fixture);
    auto inputs = loadTensors(fixture.dir / "inputs.safetensors");
    auto expected = loadTensors(fixture.dir / "outputs.safetensors");

    LatentDistribution latent = model->encode(inputs.at("image"));
    EXPECT_TRUE(tensorsClose(latent.moments, expected.at("moments"), "moments"));
    EXPECT_TRUE(tensorsClose(latent.mean, expected.at("latent_mean"), "latent_mean"));
    EXPECT_TRUE(tensorsClose(latent.logvar, expected.at("latent_logvar"), "latent_logvar"));
    EXPECT_TRUE(tensorsClose(latent.std, expected.at("latent_std"), "latent_std"));
    EXPECT_TRUE(tensorsClose(model->decode(latent.mean), expected.at("decoded_mean"), "decoded_mean"));
    EXPECT_TRUE(tensorsClose(model->decode(inputs.at("z")), expected.at("decoded_z"), "decoded_z"));
  }
}

TEST(AutoencoderKL, SampleIsMeanPlusStdTimesGeneratorNoise) {
  const auto fixtures = vaeFixtures();
  SKIP_WITHOUT_FIXTURES(fixtures);
  c10::InferenceMode inference;
  AutoencoderKL model = loadFixtureModel(fixtures.front());
  LatentDistribution latent = model->encode(loadTensors(fixtures.front().dir / "inputs.safetensors").at("image"));

  auto first = latent.sample(at::detail::createCPUGenerator(1234));
  auto again = latent.sample(at::detail::createCPUGenerator(1234));
  auto other = latent.sample(at::detail::createCPUGenerator(99));
  EXPECT_TRUE(torch::equal(first, again));
  EXPECT_FALSE(torch::equal(first, other));
  auto noise = torch::randn(latent.mean.sizes(), at::detail::createCPUGenerator(1234), latent.mean.options());
  EXPECT_TRUE(tensorsClose(first, latent.mean + latent.std * noise, "sample", 1e-6));
}

// Renames the mid-block attention keys to their legacy names, as older converted checkpoints store them.
std::map<std::string, torch::Tensor> withLegacyAttentionNames(const std::map<std::string, torch::Tensor>& tensors) {
  const std::vector<std::pair<std::string, std::string>> renames = {
      {".to_q.", ".query."}, {".to_k.", ".key."}, {".to_v.", ".value."}, {".to_out.0.", ".proj_attn."}};
  std::map<std::string, torch::Tensor> renamed;
  for (const auto& [name, tensor] : tensors) {
    std::string key = name;
    if (key.find(".mid_block.attentions.0.") != std::string::npos)
      for (const auto& [current, legacy] : renames)
        if (auto at = key.find(current); at != std::string::npos) key.replace(at, current.size(), legacy);
    renamed[key] = tensor;
  }
  return renamed;
}

TEST(AutoencoderKL, LegacyAttentionKeyNamesGiveIdenticalOutput) {
  const auto fixtures = vaeFixtures();
  SKIP_WITHOUT_FIXTURES(fixtures);
  for (const auto& fixture : fixtures) {
    SCOPED_TRACE(fixture.name);
    if (!buildFromFixture(fixture)->config().mid_block_add_attention) continue;  // nothing to rename
    auto legacy = withLegacyAttentionNames(loadTensors(fixture.dir / "weights.safetensors"));
    ASSERT_EQ(legacy.count("encoder.mid_block.attentions.0.to_q.weight"), 0u);
    ASSERT_EQ(legacy.count("decoder.mid_block.attentions.0.proj_attn.bias"), 1u);
    const auto legacy_file = aicl::test::scratchDir("vae_legacy_" + fixture.name) / "legacy.safetensors";
    saveTensors(legacy_file, legacy);

    c10::InferenceMode inference;
    AutoencoderKL reference = loadFixtureModel(fixture);
    AutoencoderKL converted = buildFromFixture(fixture);
    loadAutoencoderKLWeights(converted, {legacy_file});
    auto inputs = loadTensors(fixture.dir / "inputs.safetensors");
    EXPECT_TRUE(torch::equal(converted->encode(inputs.at("image")).moments,
                             reference->encode(inputs.at("image")).moments));
    EXPECT_TRUE(torch::equal(converted->decode(inputs.at("z")), reference->decode(inputs.at("z"))));
  }
}

TEST(AutoencoderKL, SlicedDecodingEqualsDecodingAtOnce) {
  const auto fixtures = vaeFixtures();
  SKIP_WITHOUT_FIXTURES(fixtures);
  c10::InferenceMode inference;
  AutoencoderKL model = loadFixtureModel(fixtures.front());
  auto z = loadTensors(fixtures.front().dir / "inputs.safetensors").at("z");
  auto batch = torch::cat({z, z.flip(-1), -z}, 0);  // 6 latents, an uneven number of slices below
  model->setSliceSize(batch.size(0));
  auto at_once = model->decode(batch);
  for (int64_t slice : {1, 4}) {
    model->setSliceSize(slice);
    auto sliced = model->decode(batch);
    // Not bitwise: the convolution kernels block a batch differently (measured 1.5e-6, the size of the
    // reference's own thread-count noise), so the bound sits 10x below the 1e-4 fixture contract.
    EXPECT_TRUE(tensorsClose(sliced, at_once, "slice size " + std::to_string(slice), 1e-5));
  }
  EXPECT_THROW(model->setSliceSize(0), aicl::Error);
}

TEST(AutoencoderKL, VideoHelpersEncodeAndDecodeFrameByFrame) {
  const auto fixtures = vaeFixtures();
  SKIP_WITHOUT_FIXTURES(fixtures);
  const auto& fixture = fixtures.front();
  c10::InferenceMode inference;
  AutoencoderKL model = loadFixtureModel(fixture);
  model->setSliceSize(1);
  const double scale = model->config().scaling_factor;
  auto image = loadTensors(fixture.dir / "inputs.safetensors").at("image");  // [2, 3, H, W]
  auto expected = loadTensors(fixture.dir / "outputs.safetensors");

  // The two images as two frames of one video, and reversed as a second video: [2, 3, 2, H, W].
  auto video = torch::stack({torch::stack({image[0], image[1]}, 1), torch::stack({image[1], image[0]}, 1)}, 0);
  auto latents = model->encodeVideo(video);
  const auto& mean = expected.at("latent_mean");
  ASSERT_EQ(latents.sizes(), (std::vector<int64_t>{2, mean.size(1), 2, mean.size(2), mean.size(3)}));
  EXPECT_TRUE(tensorsClose(latents.select(0, 0).select(1, 1), mean[1] * scale, "video 0 frame 1"));
  EXPECT_TRUE(tensorsClose(latents.select(0, 1).select(1, 0), mean[1] * scale, "video 1 frame 0"));

  auto frames = model->decodeVideo(latents);
  ASSERT_EQ(frames.sizes(), video.sizes());
  const auto& decoded = expected.at("decoded_mean");
  EXPECT_TRUE(tensorsClose(frames.select(0, 0).select(1, 0), decoded[0], "decoded video 0 frame 0"));
  EXPECT_TRUE(tensorsClose(frames.select(0, 1).select(1, 0), decoded[1], "decoded video 1 frame 0"));

  auto sampled = model->encodeVideo(video, LatentChoice::kSample, at::detail::createCPUGenerator(7));
  EXPECT_EQ(sampled.sizes(), latents.sizes());
  EXPECT_FALSE(torch::equal(sampled, latents));
  EXPECT_THROW(model->encodeVideo(image), aicl::Error);  // 4-D input is not a video
}

std::map<std::string, torch::Tensor> parameterSnapshot(const torch::nn::Module& module) {
  std::map<std::string, torch::Tensor> snapshot;
  for (const auto& item : module.named_parameters()) snapshot[item.key()] = item.value().detach().clone();
  return snapshot;
}

TEST(AutoencoderKL, WrongShapeNamesTheKeyAndLoadsNothing) {
  const auto fixtures = vaeFixtures();
  SKIP_WITHOUT_FIXTURES(fixtures);
  const auto& fixture = fixtures.front();
  auto tensors = loadTensors(fixture.dir / "weights.safetensors");
  const std::string bad_key = "decoder.conv_out.weight";
  ASSERT_EQ(tensors.count(bad_key), 1u);
  auto& bad = tensors.at(bad_key);
  bad = torch::zeros({bad.size(0), bad.size(1) + 1, bad.size(2), bad.size(3)});
  const auto file = aicl::test::scratchDir("vae_wrong_shape") / "wrong_shape.safetensors";
  saveTensors(file, tensors);

  AutoencoderKL model = buildFromFixture(fixture);
  const auto before = parameterSnapshot(*model);
  try {
    loadAutoencoderKLWeights(model, {file});
    ADD_FAILURE() << "loading a tensor of the wrong shape did not throw";
  } catch (const aicl::Error& error) {
    EXPECT_NE(std::string(error.what()).find(bad_key), std::string::npos) << error.what();
  }
  for (const auto& item : model->named_parameters())
    EXPECT_TRUE(torch::equal(item.value(), before.at(item.key()))) << item.key() << " was overwritten";
}

TEST(AutoencoderKLConfig, ErrorsNameTheFileAndKey) {
  const auto dir = aicl::test::scratchDir("vae_config_errors");
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return dir / name;
  };
  auto expectError = [](const std::filesystem::path& path, const std::string& key) {
    try {
      AutoencoderKLConfig::fromJson(path);
      ADD_FAILURE() << path << " was accepted";
    } catch (const aicl::Error& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find(path.string()), std::string::npos) << message;
      EXPECT_NE(message.find(key), std::string::npos) << message;
    }
  };
  expectError(write("type.json", R"({"block_out_channels": "wide"})"), "block_out_channels");
  expectError(write("block.json", R"({"down_block_types": ["CrossAttnDownBlock2D"]})"), "down_block_types");
  expectError(write("act.json", R"({"act_fn": "gelu"})"), "act_fn");
  expectError(write("groups.json", R"({"block_out_channels": [48], "norm_num_groups": 32})"), "block_out_channels");

  const auto defaults = AutoencoderKLConfig::fromJson(write("empty.json", R"({"unknown_key": 1})"));
  EXPECT_EQ(defaults.block_out_channels, std::vector<int64_t>{64});
  EXPECT_TRUE(defaults.mid_block_add_attention);
  EXPECT_DOUBLE_EQ(defaults.scaling_factor, 0.18215);
}

}  // namespace
}  // namespace aicl::vae
