// The trainers on small real data (ActionWorld clips written as MP4 and decoded back): the frozen backbone stays
// bit-identical, --resume continues bit-exactly, two data-parallel processes equal one process on the combined
// batch, and the VAE -> backbone -> pipeline chain produces a loadable model.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
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
  // A small backbone recipe (unet.json, text_encoder.json, the default scheduler) for latents of `channels`.
  static fs::path writeBackboneRecipe(const std::string& name, int64_t channels) {
    const fs::path recipe = root_ / name;
    fs::create_directories(recipe);
    aicl::writeJsonFile(recipe / "unet.json", {{"block_out_channels", {16, 32}}, {"in_channels", channels}, {"out_channels", channels},
                                               {"down_block_types", {"CrossAttnDownBlock3D", "DownBlock3D"}},
                                               {"up_block_types", {"UpBlock3D", "CrossAttnUpBlock3D"}},
                                               {"layers_per_block", 1}, {"attention_head_dim", 8},
                                               {"cross_attention_dim", 16}, {"norm_num_groups", 8}, {"sample_size", 16}});
    aicl::writeJsonFile(recipe / "text_encoder.json", {{"hidden_size", 16}, {"intermediate_size", 32},
                                                       {"num_attention_heads", 2}, {"num_hidden_layers", 1}});
    fs::copy_file(fs::path(AICL_SOURCE_DIR) / "assets" / "recipes" / "actionworld" / "scheduler.json", recipe / "scheduler.json",
                  fs::copy_options::overwrite_existing);
    return recipe;
  }
  // Validation needs a seen action with 3 clips (one left out, a training target and its reference) and a
  // held-out dataset: made once, on first use.
  static void makeValidationData() {
    if (fs::exists(root_ / "held_out" / "index.csv")) return;
    aicl::actionworld::DatasetOptions options;
    options.clips_per_action = 3;
    options.actions = aicl::actionworld::ActionSet::Seen;
    options.seed = 4;
    aicl::actionworld::makeDataset(root_ / "data3", options);
    options.clips_per_action = 2;
    options.actions = aicl::actionworld::ActionSet::HeldOut;
    options.seed = 5;
    aicl::actionworld::makeDataset(root_ / "held_out", options);
  }
  struct ValidationCsvRow {
    int64_t step = 0, t_min = 0, t_max = 0;
    std::string split;
    double loss_backbone = 0.0;
    std::string loss_aicl, reference_gain;  // empty for backbone runs
  };
  // validation.csv's rows, after checking its header.
  static std::vector<ValidationCsvRow> readValidationCsv(const fs::path& path) {
    std::ifstream csv(path);
    std::string line;
    std::getline(csv, line);
    EXPECT_EQ(line, "step,split,t_min,t_max,loss_backbone,loss_aicl,reference_gain");
    std::vector<ValidationCsvRow> rows;
    while (std::getline(csv, line)) {
      std::vector<std::string> fields;
      std::stringstream in(line + ",");
      for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
      EXPECT_EQ(fields.size(), 7u) << line;
      if (fields.size() != 7u) continue;
      rows.push_back({std::stoll(fields[0]), std::stoll(fields[2]), std::stoll(fields[3]), fields[1],
                      std::stod(fields[4]), fields[5], fields[6]});
    }
    return rows;
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

  const fs::path recipe = writeBackboneRecipe("backbone_recipe", vae_config["latent_channels"].get<int64_t>());
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

TEST_F(TrainingTest, AdapterValidationWritesTheLossesWithAndWithoutReferencesAndTheirGain) {
  makeValidationData();
  auto request = adapterRequest("validated", 2);
  request.data = root_ / "data3";
  request.validate_every = 2;
  request.validation_data = root_ / "held_out";
  request.validation_clips = 4;
  aicl::trainModel(request);
  request.steps = 4;  // resumed from step 2: the rows after it are rewritten, none repeats
  request.resume = true;
  aicl::trainModel(request);

  const auto rows = readValidationCsv(root_ / "validated" / "validation.csv");
  ASSERT_EQ(rows.size(), 3u * 2u * 4u);  // steps 0, 2 and 4; seen and held-out; 4 timestep buckets
  std::set<std::tuple<int64_t, std::string, int64_t>> keys;
  std::map<std::pair<std::string, int64_t>, double> backbone_loss;
  bool moved = false;
  for (const auto& row : rows) {
    EXPECT_TRUE(keys.insert({row.step, row.split, row.t_min}).second) << "repeated row: step " << row.step;
    EXPECT_TRUE(row.step == 0 || row.step == 2 || row.step == 4) << row.step;
    EXPECT_TRUE(row.split == "seen" || row.split == "held_out") << row.split;
    EXPECT_EQ(row.t_max - row.t_min, 250);
    EXPECT_EQ(row.t_min % 250, 0);
    EXPECT_GT(row.loss_backbone, 0.0);
    ASSERT_FALSE(row.loss_aicl.empty());
    const double aicl = std::stod(row.loss_aicl), gain = std::stod(row.reference_gain);
    EXPECT_NEAR(gain, 1.0 - aicl / row.loss_backbone, 1e-5);
    // The frozen backbone's loss on the fixed set is the same at every validation.
    auto [known, fresh] = backbone_loss.insert({{row.split, row.t_min}, row.loss_backbone});
    if (!fresh) {
      EXPECT_DOUBLE_EQ(known->second, row.loss_backbone);
    }
    // Untrained, the Action Integration is an exact no-op (zero output projections): no gain yet.
    if (row.step == 0) {
      EXPECT_EQ(gain, 0.0);
    }
    if (row.step == 4 && aicl != row.loss_backbone) moved = true;
  }
  EXPECT_TRUE(moved) << "the trained adapter never changed a validation loss";
}

TEST_F(TrainingTest, BackboneValidationWritesTheBackboneLossPerSplitAndBucket) {
  makeValidationData();
  const auto vae_config = aicl::readJsonFile(tinyModel() / "vae" / "config.json");
  const fs::path recipe = writeBackboneRecipe("validated_backbone_recipe", vae_config["latent_channels"].get<int64_t>());
  auto backbone = aicl::defaultTrainingRequest(aicl::TrainingTarget::Backbone);
  backbone.data = root_ / "data3";
  backbone.config = recipe;
  backbone.vae = tinyModel() / "vae";
  backbone.out = root_ / "validated_backbone";
  backbone.steps = 2;
  backbone.batch = 2;
  backbone.lr = 1e-3;
  backbone.validate_every = 1;
  backbone.validation_data = root_ / "held_out";
  backbone.validation_clips = 3;
  aicl::trainModel(backbone);
  const auto rows = readValidationCsv(root_ / "validated_backbone" / "validation.csv");
  ASSERT_EQ(rows.size(), 3u * 2u * 4u);  // steps 0, 1, 2
  std::map<std::pair<std::string, int64_t>, double> first;
  bool moved = false;
  for (const auto& row : rows) {
    EXPECT_TRUE(row.loss_aicl.empty() && row.reference_gain.empty()) << "a backbone run has no AICL loss";
    EXPECT_GT(row.loss_backbone, 0.0);
    if (row.step == 0) first[{row.split, row.t_min}] = row.loss_backbone;
    if (row.step == 2 && row.loss_backbone != first.at({row.split, row.t_min})) moved = true;
  }
  EXPECT_EQ(first.size(), 8u);
  EXPECT_TRUE(moved) << "training did not change the backbone's validation loss";
}

TEST_F(TrainingTest, EmaWeightsAreCheckpointedResumedAndExported) {
  auto request = [&](const std::string& out, int64_t steps) {
    auto r = adapterRequest(out, steps);
    r.ema_decay = 0.5;
    r.ema_warmup = 1;  // decay 0.5 from the first step: the average is easy to compute
    r.checkpoint_every = 1;
    return r;
  };
  // The trained weights after 1, 2 and 3 steps (the runs replay the same steps).
  std::vector<std::map<std::string, torch::Tensor>> trained;
  for (int64_t steps : {1, 2, 3}) {
    aicl::trainModel(request("ema" + std::to_string(steps), steps));
    trained.push_back(aicl::loadTensors(root_ / ("ema" + std::to_string(steps)) / "checkpoint" / "weights.safetensors"));
  }
  const auto exported = adapterWeights("ema3");
  const auto ema = aicl::loadTensors(root_ / "ema3" / "checkpoint" / "ema.safetensors");
  const std::string projection = "action_integration.blocks.0.attention.to_out.weight";
  // The output projections start at zero: after 3 steps at decay 0.5 the average is W1/8 + W2/4 + W3/2.
  const auto expected = trained[0].at(projection) / 8 + trained[1].at(projection) / 4 + trained[2].at(projection) / 2;
  EXPECT_TRUE(torch::allclose(ema.at(projection), expected, 1e-5, 1e-8));
  EXPECT_FALSE(torch::allclose(ema.at(projection), trained[2].at(projection)));
  for (const auto& [name, tensor] : ema) EXPECT_TRUE(torch::equal(exported.at(name), tensor)) << "exported " << name;

  // Resumed after step 2 of 3: the same average, bit for bit.
  aicl::trainModel(request("ema_resumed", 2));
  auto resume = request("ema_resumed", 3);
  resume.resume = true;
  aicl::trainModel(resume);
  const auto resumed = adapterWeights("ema_resumed");
  for (const auto& [name, tensor] : exported) EXPECT_TRUE(torch::equal(resumed.at(name), tensor)) << name;
}

TEST_F(TrainingTest, ZeroInitialisedOutputProjectionsTakeTheirLearningRateMultiplier) {
  auto one_step = [&](const std::string& out, double multiplier) {
    auto r = adapterRequest(out, 1);
    r.output_lr_multiplier = multiplier;
    aicl::trainModel(r);
    return adapterWeights(out);
  };
  const auto plain = one_step("lr_x1", 1.0), boosted = one_step("lr_x10", 10.0);
  for (const auto& [name, tensor] : plain) {
    if (name.find(".attention.to_out.") != std::string::npos && name.rfind("action_integration.", 0) == 0) {
      // AdamW's first step moves each weight by about lr (from zero): ten times as far at ten times the rate.
      const double ratio = (boosted.at(name).norm() / tensor.norm()).item<double>();
      EXPECT_NEAR(ratio, 10.0, 0.01) << name;
    } else {
      EXPECT_TRUE(torch::equal(boosted.at(name), tensor)) << name << " is not an output projection";
    }
  }
}

TEST_F(TrainingTest, ABackboneGainsFramePositionsAndCorrelatedNoiseFromItsCheckpoint) {
  const auto vae_config = aicl::readJsonFile(tinyModel() / "vae" / "config.json");
  const fs::path before = writeBackboneRecipe("positions_before", vae_config["latent_channels"].get<int64_t>());
  const fs::path after = writeBackboneRecipe("positions_after", vae_config["latent_channels"].get<int64_t>());
  auto plain_scheduler = aicl::readJsonFile(before / "scheduler.json");
  plain_scheduler["frame_noise_correlation"] = 0.0;  // whatever the shipped recipe asks
  aicl::writeJsonFile(before / "scheduler.json", plain_scheduler);
  auto unet = aicl::readJsonFile(after / "unet.json");
  unet["frame_position_embeddings"] = 16;
  aicl::writeJsonFile(after / "unet.json", unet);
  auto scheduler = aicl::readJsonFile(after / "scheduler.json");
  scheduler["frame_noise_correlation"] = 0.5;
  aicl::writeJsonFile(after / "scheduler.json", scheduler);
  auto request = aicl::defaultTrainingRequest(aicl::TrainingTarget::Backbone);
  request.data = root_ / "data";
  request.config = before;
  request.vae = tinyModel() / "vae";
  request.out = root_ / "positions";
  request.steps = 1;
  request.batch = 2;
  request.checkpoint_every = 1;
  request.warmup_steps = 0;
  aicl::trainModel(request);
  const auto old_weights = aicl::loadTensors(root_ / "positions" / "checkpoint" / "weights.safetensors");
  for (const auto& [name, tensor] : old_weights) EXPECT_EQ(name.find("frame_position"), std::string::npos) << name;

  // The checkpoint of the recipe without them resumes under the recipe with them; the embeddings start at zero
  // and take the zero-initialised parameters' learning rate: AdamW's first step from zero moves each by lr x 10.
  request.config = after;
  request.steps = 2;
  request.resume = true;
  request.output_lr_multiplier = 10.0;
  aicl::trainModel(request);
  const auto exported = aicl::loadTensors(root_ / "positions" / "model" / "unet" / "diffusion_pytorch_model.safetensors");
  int64_t embeddings = 0, temporal_transformers = 0;
  for (const auto& [name, tensor] : exported) {
    const bool temporal_proj_in = name.find("temp_attentions.") != std::string::npos || name.rfind("transformer_in.", 0) == 0;
    if (temporal_proj_in && name.size() > 15 && name.compare(name.size() - 15, 15, ".proj_in.weight") == 0) ++temporal_transformers;
    if (name.find("frame_position_embedding") == std::string::npos) continue;
    ++embeddings;
    EXPECT_EQ(tensor.size(0), 16) << name;
    EXPECT_NEAR(tensor.abs().max().item<double>(), 10.0 * request.lr, 0.01 * request.lr) << name;
  }
  EXPECT_EQ(embeddings, temporal_transformers);  // transformer_in and every block's temporal transformer
  EXPECT_GE(embeddings, 3);
  const auto exported_scheduler = aicl::readJsonFile(root_ / "positions" / "model" / "scheduler" / "scheduler_config.json");
  EXPECT_EQ(exported_scheduler.value("frame_noise_correlation", 0.0), 0.5);

  // The exported model generates (with the correlated noise its scheduler asks for).
  const auto pipeline = aicl::Pipeline::load(root_ / "positions" / "model");
  auto generation = aicl::defaultGenerationRequest();
  generation.prompt = "a red circle bouncing on a black background";
  generation.steps = 2;
  EXPECT_EQ(pipeline->generate(generation).frames.size(), 16u);

  // Any other missing weight is still an error naming the file and the key.
  auto weights = aicl::loadTensors(root_ / "positions" / "checkpoint" / "weights.safetensors");
  weights.erase("unet.conv_in.weight");
  aicl::saveTensors(root_ / "positions" / "checkpoint" / "weights.safetensors", weights);
  request.steps = 3;
  try {
    aicl::trainModel(request);
    ADD_FAILURE() << "a checkpoint without unet.conv_in.weight resumed";
  } catch (const aicl::Error& e) {
    EXPECT_NE(std::string(e.what()).find("unet.conv_in.weight"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("weights.safetensors"), std::string::npos) << e.what();
  }
}

TEST_F(TrainingTest, ActionPhraseDropoutTrainsOnPromptsWithoutTheAction) {
  auto request = adapterRequest("no_action", 2);
  request.condition_dropout = 0.0;
  request.action_dropout = 1.0;  // every target prompt loses its action phrase
  aicl::trainModel(request);
  auto with_action = adapterRequest("with_action", 2);
  with_action.condition_dropout = 0.0;
  aicl::trainModel(with_action);
  const auto stripped = adapterWeights("no_action"), full = adapterWeights("with_action");
  const std::string projection = "action_integration.blocks.0.attention.to_out.weight";
  EXPECT_FALSE(torch::equal(stripped.at(projection), full.at(projection)));
}

}  // namespace
