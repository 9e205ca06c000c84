// The trainers on small real data (ActionWorld clips written as MP4 and decoded back): the frozen backbone stays
// bit-identical, --resume continues bit-exactly, two data-parallel processes equal one process on the combined
// batch, and the VAE -> backbone -> pipeline chain produces a loadable model.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "aicl/actionworld.h"
#include "aicl/pipeline.h"
#include "aicl/training.h"
#include "core/json_file.h"
#include "file_text.h"
#include "free_port.h"
#include "io/weight_loader.h"
#include "text/clip_tokenizer.h"

namespace fs = std::filesystem;

namespace {

fs::path tinyModel() { return AICL_TINY_MODEL_DIR; }

class TrainingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fs::temp_directory_path() / ("aicl_training_test_" + std::to_string(::getpid()));
    fs::create_directories(root_);
    aicl::actionworld::DatasetOptions options;
    options.clips_per_action = 2;
    options.actions = aicl::actionworld::ActionSet::Seen;
    options.seed = 3;
    aicl::actionworld::makeDataset(root_ / "data", options);
    aicl::writeJsonFile(root_ / "aicl.json", {{"action_prism", {{"width", 16}, {"layers", 1}, {"heads", 2}, {"ff_mult", 2}}},
                                              {"action_integration", {{"heads", 2}, {"dim_head", 8}}}});
  }
  static void TearDownTestSuite() { fs::remove_all(root_); }
  void SetUp() override {
    if (!fs::exists(tinyModel() / "model_index.json")) GTEST_SKIP() << "tiny model absent (fixtures missing)";
  }

  static aicl::TrainingRequest adapterRequest(const std::string& out, int64_t steps) {
    auto request = aicl::defaultTrainingRequest(aicl::TrainingTarget::Adapter);
    request.data = root_ / "data";
    request.model = tinyModel();
    request.config = root_ / "aicl.json";
    request.out = root_ / out;
    request.steps = steps;
    request.batch = 2;
    request.checkpoint_every = 2;
    request.seed = 9;
    request.lr = 1e-3;
    return request;
  }
  static std::map<std::string, torch::Tensor> adapterWeights(const std::string& out) {
    return aicl::loadTensors(root_ / out / "model" / "aicl" / "diffusion_pytorch_model.safetensors");
  }

  static fs::path root_;
};
fs::path TrainingTest::root_;

TEST_F(TrainingTest, AdapterTrainingLeavesTheBackboneFrozenAndResumesBitExactly) {
  const auto straight = aicl::trainModel(adapterRequest("straight", 4));
  EXPECT_EQ(straight.steps, 4);
  EXPECT_GT(straight.frozen_tensors_verified, 100);  // every UNet, text encoder and VAE tensor, unchanged
  const auto weights = adapterWeights("straight");
  // The zero-initialised output projections have moved: the adapter learned.
  EXPECT_GT(weights.at("action_integration.blocks.0.attention.to_out.weight").abs().max().item<float>(), 0.0f);
  // The loss CSV has one row per step.
  std::ifstream csv(root_ / "straight" / "loss.csv");
  int rows = 0;
  for (std::string line; std::getline(csv, line);) ++rows;
  EXPECT_EQ(rows, 5);

  // Interrupted after 2 steps, resumed to 4: the same parameters, bit for bit.
  aicl::trainModel(adapterRequest("resumed", 2));
  auto resume = adapterRequest("resumed", 4);
  resume.resume = true;
  const auto resumed = aicl::trainModel(resume);
  EXPECT_EQ(resumed.first_step, 2);
  const auto resumed_weights = adapterWeights("resumed");
  ASSERT_EQ(resumed_weights.size(), weights.size());
  for (const auto& [name, tensor] : weights) EXPECT_TRUE(torch::equal(tensor, resumed_weights.at(name))) << name;
}

TEST_F(TrainingTest, TwoDataParallelProcessesMatchOneProcessOnTheCombinedBatch) {
  const fs::path aicl = fs::path(AICL_BINARY_DIR) / "cli" / "aicl";
  if (!fs::exists(aicl)) GTEST_SKIP() << "aicl executable not built";
  auto command = [&](const std::string& out, const std::string& extra) {
    return aicl.string() + " train --data " + (root_ / "data").string() + " --model " + tinyModel().string() +
           " --config " + (root_ / "aicl.json").string() + " --out " + (root_ / out).string() +
           " --steps 2 --batch 2 --seed 5 --lr 1e-3 --threads 1 " + extra + " > " + (root_ / (out + ".log")).string() + " 2>&1";
  };
  const std::string group = " --world-size 2 --master-port " + std::to_string(aicl::test::freePort());
  int rank0 = -1, rank1 = -1;
  std::thread first([&] { rank0 = std::system(command("ddp", "--rank 0" + group).c_str()); });
  std::thread second([&] { rank1 = std::system(command("ddp_rank1", "--rank 1" + group).c_str()); });
  first.join();
  second.join();
  ASSERT_EQ(rank0, 0) << "ddp.log:\n" << aicl::test::readFileText(root_ / "ddp.log");
  ASSERT_EQ(rank1, 0) << "ddp_rank1.log:\n" << aicl::test::readFileText(root_ / "ddp_rank1.log");
  ASSERT_EQ(std::system(command("single", "").c_str()), 0);
  const auto ddp = adapterWeights("ddp"), single = adapterWeights("single");
  ASSERT_EQ(ddp.size(), single.size());
  // The two runs sum the same gradients in a different order (all-reduce vs. within the batch): float noise of
  // ~1e-6 on weights that move by lr = 1e-3 per step, far below any wrong averaging.
  for (const auto& [name, tensor] : single)
    EXPECT_TRUE(torch::allclose(tensor, ddp.at(name), 1e-4, 1e-5))
        << name << ": max difference " << (tensor - ddp.at(name)).abs().max().item<double>() << ", relative L2 "
        << ((tensor - ddp.at(name)).norm() / tensor.norm().clamp_min(1e-12)).item<double>() << ", elements "
        << (tensor - ddp.at(name)).abs().gt(1e-6 + 1e-4 * tensor.abs()).sum().item<int64_t>() << " of " << tensor.numel();
}

TEST_F(TrainingTest, VaeThenBackboneThenAdapterTrainInTurn) {
  aicl::writeJsonFile(root_ / "vae.json", {{"block_out_channels", {16, 16}},
                                           {"down_block_types", {"DownEncoderBlock2D", "DownEncoderBlock2D"}},
                                           {"up_block_types", {"UpDecoderBlock2D", "UpDecoderBlock2D"}},
                                           {"norm_num_groups", 8}, {"latent_channels", 4}, {"sample_size", 32}});
  auto vae = aicl::defaultTrainingRequest(aicl::TrainingTarget::Vae);
  vae.data = root_ / "data";
  vae.config = root_ / "vae.json";
  vae.out = root_ / "vae";
  vae.steps = 2;
  vae.batch = 4;
  ASSERT_EQ(aicl::trainModel(vae).steps, 2);
  const auto vae_config = aicl::readJsonFile(root_ / "vae" / "model" / "vae" / "config.json");
  EXPECT_GT(vae_config["scaling_factor"].get<double>(), 0.0);

  const fs::path recipe = root_ / "backbone_recipe";
  fs::create_directories(recipe);
  aicl::writeJsonFile(recipe / "unet.json", {{"block_out_channels", {16, 32}},
                                             {"down_block_types", {"CrossAttnDownBlock3D", "DownBlock3D"}},
                                             {"up_block_types", {"UpBlock3D", "CrossAttnUpBlock3D"}},
                                             {"layers_per_block", 1}, {"attention_head_dim", 8},
                                             {"cross_attention_dim", 16}, {"norm_num_groups", 8}, {"sample_size", 16}});
  aicl::writeJsonFile(recipe / "text_encoder.json", {{"hidden_size", 16}, {"intermediate_size", 32},
                                                     {"num_attention_heads", 2}, {"num_hidden_layers", 1}});
  fs::copy_file(fs::path(AICL_SOURCE_DIR) / "assets" / "recipes" / "actionworld" / "scheduler.json", recipe / "scheduler.json");
  auto backbone = aicl::defaultTrainingRequest(aicl::TrainingTarget::Backbone);
  backbone.data = root_ / "data";
  backbone.config = recipe;
  backbone.vae = root_ / "vae" / "model" / "vae";
  backbone.out = root_ / "backbone";
  backbone.steps = 2;
  backbone.batch = 2;
  backbone.bf16 = true;  // mixed precision (CPU autocast) on the way
  backbone.min_snr_gamma = 5.0;
  backbone.decay_from = 0;  // cosine from the first step: lr, then lr * (0.1 + 0.9 * 0.5) at the second of two
  ASSERT_EQ(aicl::trainModel(backbone).steps, 2);
  {
    std::ifstream csv(root_ / "backbone" / "loss.csv");
    std::string header, first, second;
    std::getline(csv, header);
    std::getline(csv, first);
    std::getline(csv, second);
    auto lrOf = [](const std::string& row) { return std::stod(row.substr(row.find(',', row.find(',') + 1) + 1)); };
    EXPECT_NEAR(lrOf(first), backbone.lr, 1e-12);
    EXPECT_NEAR(lrOf(second), backbone.lr * 0.55, 1e-12);
  }

  // The exported folder is a complete diffusers-layout model; every caption word is one token.
  const auto tokenizer = aicl::text::ClipTokenizer::load(root_ / "backbone" / "model" / "tokenizer" / "vocab.json",
                                                         root_ / "backbone" / "model" / "tokenizer" / "merges.txt");
  EXPECT_EQ(tokenizer.encode("a red circle bouncing on a black background").size(), 2u + 8u);
  EXPECT_GT(tokenizer.encode("salsa").size(), 3u);  // unseen words still tokenize, byte by byte
  const auto pipeline = aicl::Pipeline::load(root_ / "backbone" / "model");
  auto request = aicl::defaultGenerationRequest();
  request.prompt = "a red circle bouncing on a black background";
  request.steps = 2;
  const auto result = pipeline->generate(request);
  EXPECT_EQ(result.frames.size(), 16u);
  EXPECT_EQ(result.frames[0].width, 32);

  // The adapter on that backbone trains under bf16 autocast as well (its LayerNorms take bf16 activations).
  auto adapter = aicl::defaultTrainingRequest(aicl::TrainingTarget::Adapter);
  adapter.model = root_ / "backbone" / "model";
  adapter.data = root_ / "data";
  adapter.config = fs::path(AICL_SOURCE_DIR) / "assets" / "recipes" / "actionworld" / "aicl.json";
  adapter.out = root_ / "adapter";
  adapter.steps = 1;
  adapter.batch = 2;
  adapter.bf16 = true;
  const auto adapted = aicl::trainModel(adapter);
  EXPECT_EQ(adapted.steps, 1);
  EXPECT_TRUE(adapted.frozen_tensors_verified);
  EXPECT_TRUE(fs::exists(root_ / "adapter" / "model" / "aicl" / "config.json"));
}

}  // namespace
