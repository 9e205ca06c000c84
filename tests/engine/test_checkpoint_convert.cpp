// `aicl convert`: an EchoReel LatentDiffusion checkpoint to a model folder. The tiny release built from the
// fixtures (tiny_echoreel_model.h) converts into parts that reproduce the fixtures' outputs; the DeepSpeed
// fixture and broken checkpoints fail with messages naming the file and the problem, leaving nothing behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <set>

#include "aicl/checkpoint_convert.h"
#include "aicl/error.h"
#include "core/json_file.h"
#include "echoreel/lvdm_unet.h"
#include "fixtures.h"
#include "io/weight_loader.h"
#include "sampling/scheduler.h"
#include "tensor_testing.h"
#include "test_paths.h"
#include "text/clip_text_model.h"
#include "tiny_echoreel_model.h"
#include "vae/autoencoder_kl.h"

namespace {

namespace fs = std::filesystem;
using aicl::test::tinyEchoReelFixtures;
using nlohmann::json;

#define TINY_ECHOREEL_OR_SKIP()                 \
  const auto fixtures = tinyEchoReelFixtures(); \
  if (!fixtures.complete())                     \
  GTEST_SKIP() << "echoreel_unet, ldm_vae or clip_tokenizer fixture missing under " << aicl::test::sharedDir()

// The tiny release converted once per process for the tests that only read the folder (CTest runs each test
// in its own process, in parallel: one folder per process).
const fs::path& tinyModel() {
  struct ProcessFolder {
    fs::path dir = aicl::test::scratchDir("checkpoint_convert_tiny_" + std::to_string(::getpid()));
    fs::path model = aicl::test::makeTinyEchoReelModel(dir);
    ~ProcessFolder() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  };
  static const ProcessFolder folder;
  return folder.model;
}

// The message of the aicl::Error `convert` throws ("" when it does not throw).
template <typename Convert>
std::string errorOf(Convert&& convert) {
  try {
    convert();
  } catch (const aicl::Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no aicl::Error thrown";
  return "";
}

std::set<std::string> entriesOf(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

// Converts `state` from <scratch>/<name>; returns the error message, checking nothing was left beside the
// input.
std::string conversionError(const std::string& name, const std::map<std::string, torch::Tensor>& state) {
  const auto dir = aicl::test::scratchDir(name);
  const auto checkpoint = aicl::test::writeTinyEchoReelCheckpoint(dir, state);
  const auto options = aicl::test::tinyEchoReelConvertOptions(dir);
  const auto before = entriesOf(dir);
  const std::string message = errorOf([&] { aicl::convertCheckpoint(checkpoint, dir / "model", options); });
  EXPECT_NE(message.find(checkpoint.string()), std::string::npos) << message;
  EXPECT_EQ(entriesOf(dir), before) << "the failed conversion left files behind";
  return message;
}

TEST(CheckpointConvert, TinyReleaseHasTheFolderLayoutAndTheDetectedSizes) {
  TINY_ECHOREEL_OR_SKIP();
  const fs::path& model = tinyModel();
  for (const char* file :
       {"model_index.json", "unet/config.json", "unet/diffusion_pytorch_model.safetensors", "vae/config.json",
        "vae/diffusion_pytorch_model.safetensors", "text_encoder/config.json",
        "text_encoder/model.safetensors", "tokenizer/vocab.json", "tokenizer/merges.txt",
        "tokenizer/tokenizer_config.json", "scheduler/scheduler_config.json"})
    EXPECT_TRUE(fs::is_regular_file(model / file)) << file;

  const json index = aicl::readJsonFile(model / "model_index.json");
  EXPECT_EQ(index["_class_name"], "EchoReelPipeline");
  EXPECT_EQ(index["_aicl_converted_from"], "tiny_echoreel.safetensors");
  EXPECT_EQ(index["unet"], json::array({"aicl", "EchoReelUNetModel"}));
  EXPECT_EQ(index["aicl_sampling"]["steps"], 50);
  EXPECT_EQ(index["aicl_sampling"]["guidance"], 12.0);
  EXPECT_EQ(index["aicl_sampling"]["frames"], 16);

  // Every UNet size is told by the weights (the --config gives only the text encoder's heads).
  const json unet = aicl::readJsonFile(model / "unet/config.json");
  const json expected = aicl::readJsonFile(fixtures.unet / "config.json");
  EXPECT_EQ(unet["_class_name"], "EchoReelUNetModel");
  for (const char* key :
       {"image_size", "in_channels", "model_channels", "out_channels", "num_res_blocks", "channel_mult",
        "num_heads", "transformer_depth", "context_dim", "temporal_length", "video_inject"})
    EXPECT_EQ(unet["unet_constructor"][key], expected["unet_constructor"][key]) << key;
  const auto resolutions = [](const json& list) { return list.get<std::set<int64_t>>(); };
  EXPECT_EQ(resolutions(unet["unet_constructor"]["attention_resolutions"]),
            resolutions(expected["unet_constructor"]["attention_resolutions"]));
  for (const char* key :
       {"input_query_dim", "latent_query_dim", "input_context_dim", "latent_context_dim", "layers",
        "layer_n_heads", "layer_d_head", "layer_temporal_length", "head_out_features"})
    EXPECT_EQ(unet["perceiver"][key], expected["perceiver"][key]) << key;
  for (const char* key : {"video_inject_attn3_tmp_context_dim", "video_inject_attn3_context_dim"})
    EXPECT_EQ(unet["inject"][key], expected["inject"][key]) << key;

  const json vae = aicl::readJsonFile(model / "vae/config.json");
  EXPECT_EQ(vae["scaling_factor"], 0.18215);
  EXPECT_EQ(vae["sample_size"], 16);  // the UNet's 8x8 latents through a 2x VAE
  const json text = aicl::readJsonFile(model / "text_encoder/config.json");
  EXPECT_EQ(text["hidden_size"], aicl::test::kTinyTextWidth);
  EXPECT_EQ(text["num_attention_heads"], aicl::test::kTinyTextHeads);
  EXPECT_EQ(text["num_hidden_layers"], aicl::test::kTinyTextLayers);
  EXPECT_EQ(text["intermediate_size"], 4 * aicl::test::kTinyTextWidth);
  EXPECT_EQ(aicl::readJsonFile(model / "tokenizer/tokenizer_config.json")["pad_token"], "<|endoftext|>");
}

TEST(CheckpointConvert, ConvertedUNetGivesTheFixtureEps) {
  TINY_ECHOREEL_OR_SKIP();
  using aicl::echoreel::LvdmUNet;
  LvdmUNet unet(aicl::echoreel::LvdmUNetConfig::fromFile(tinyModel() / "unet/config.json"));
  aicl::loadModuleWeights(*unet, {tinyModel() / "unet/diffusion_pytorch_model.safetensors"});  // strict
  unet->eval();
  const auto inputs = aicl::loadTensors(fixtures.unet / "inputs_b1.safetensors");
  c10::InferenceMode guard;
  const auto eps = unet->forward(inputs.at("x"), inputs.at("timesteps"), inputs.at("context"),
                                 inputs.at("inject_video"), inputs.at("inject_text"));
  EXPECT_TRUE(aicl::test::tensorsClose(
      eps, aicl::loadTensors(fixtures.unet / "outputs_b1.safetensors").at("eps"), "eps"));
}

TEST(CheckpointConvert, ConvertedVaeMatchesTheLdmFixture) {
  TINY_ECHOREEL_OR_SKIP();
  auto vae = aicl::vae::loadAutoencoderKL(tinyModel() / "vae");
  const auto inputs = aicl::loadTensors(fixtures.vae / "inputs.safetensors");
  const auto expected = aicl::loadTensors(fixtures.vae / "outputs.safetensors");
  c10::InferenceMode guard;
  const auto posterior = vae->encode(inputs.at("image"));
  EXPECT_TRUE(aicl::test::tensorsClose(posterior.moments, expected.at("moments"), "moments"));
  EXPECT_TRUE(aicl::test::tensorsClose(vae->decode(inputs.at("z")), expected.at("decoded_z"), "decoded_z"));
}

TEST(CheckpointConvert, ConvertedTextEncoderLoadsWithTheCheckpointWeights) {
  TINY_ECHOREEL_OR_SKIP();
  auto text = aicl::text::loadClipTextModel(tinyModel() / "text_encoder");
  EXPECT_EQ(text->config().num_attention_heads, aicl::test::kTinyTextHeads);
  const auto state = aicl::test::tinyEchoReelStateDict();
  EXPECT_TRUE(
      torch::equal(text->token_embedding->weight,
                   state.at("cond_stage_model.transformer.text_model.embeddings.token_embedding.weight")));
  c10::InferenceMode guard;
  EXPECT_EQ(text->encode(torch::full({1, 77}, 49407, torch::kLong)).sizes(),
            (std::vector<int64_t>{1, 77, aicl::test::kTinyTextWidth}));
}

TEST(CheckpointConvert, SchedulerIsLvdmsDdim) {
  TINY_ECHOREEL_OR_SKIP();
  const auto config = aicl::SchedulerConfig::fromFile(tinyModel() / "scheduler/scheduler_config.json");
  auto scheduler = aicl::makeScheduler(config);
  scheduler->setTimesteps(50);
  // lvdm/models/modules/util.py make_ddim_timesteps: range(0, 1000, 20) + 1.
  ASSERT_EQ(scheduler->timesteps().size(), 50u);
  EXPECT_EQ(scheduler->timesteps().front(), 981);
  EXPECT_EQ(scheduler->timesteps().back(), 1);
  if (fixtures.manifest.empty()) GTEST_SKIP() << "no manifest_echoreel fixture: schedule values not compared";
  const auto buffers = aicl::loadTensors(fixtures.manifest / "schedule_buffers.safetensors");
  const auto& actual = scheduler->schedule().alphas_cumprod;
  const auto& reference = buffers.at("alphas_cumprod");
  const double worst =
      ((actual.to(torch::kFloat64) - reference.to(torch::kFloat64)).abs() / reference.to(torch::kFloat64))
          .max()
          .item<double>();
  std::cout << "  alphas_cumprod: max relative difference " << worst << "\n";
  EXPECT_LT(worst, 1e-5);  // float32 cumprod (diffusers) vs float64 then cast (LVDM)
  EXPECT_TRUE(aicl::test::tensorsClose(scheduler->schedule().betas, buffers.at("betas"), "betas", 1e-6));
}

TEST(CheckpointConvert, SummaryCountsThePartsAndTheIgnoredKeys) {
  TINY_ECHOREEL_OR_SKIP();
  const auto dir = aicl::test::scratchDir("checkpoint_convert_summary");
  const auto state = aicl::test::tinyEchoReelStateDict();
  const auto checkpoint = aicl::test::writeTinyEchoReelCheckpoint(dir, state);
  auto options = aicl::test::tinyEchoReelConvertOptions(dir);
  options.verify = false;
  const auto summary = aicl::convertCheckpoint(checkpoint, dir / "model", options);
  ASSERT_EQ(summary.parts.size(), 3u);
  EXPECT_EQ(summary.parts[0].name, "unet");
  EXPECT_EQ(summary.parts[0].tensors, 650);  // the fixture README's count
  EXPECT_EQ(summary.parts[0].parameters, 873524);
  EXPECT_EQ(summary.parts[1].name, "vae");
  EXPECT_EQ(summary.parts[1].tensors, 124);
  EXPECT_EQ(summary.parts[2].name, "text_encoder");
  EXPECT_EQ(summary.ignored_keys.size(), fixtures.manifest.empty() ? 0u : 12u);  // the schedule buffers
  EXPECT_EQ(summary.tokenizer, fixtures.tokenizer);
  // An existing folder is not replaced unless asked.
  EXPECT_NE(
      errorOf([&] { aicl::convertCheckpoint(checkpoint, dir / "model", options); }).find("already exists"),
      std::string::npos);
}

TEST(CheckpointConvert, StoredBetasOfAnotherScheduleBecomeTrainedBetas) {
  TINY_ECHOREEL_OR_SKIP();
  if (fixtures.manifest.empty()) GTEST_SKIP() << "no manifest_echoreel fixture: the checkpoint has no betas";
  const auto dir = aicl::test::scratchDir("checkpoint_convert_betas");
  auto state = aicl::test::tinyEchoReelStateDict();
  state["betas"] = state.at("betas") * 0.5;
  const auto checkpoint = aicl::test::writeTinyEchoReelCheckpoint(dir, state);
  auto options = aicl::test::tinyEchoReelConvertOptions(dir);
  options.verify = false;
  aicl::convertCheckpoint(checkpoint, dir / "model", options);
  const auto config = aicl::SchedulerConfig::fromFile(dir / "model/scheduler/scheduler_config.json");
  ASSERT_EQ(config.trained_betas.size(), 1000u);
  EXPECT_EQ(config.trained_betas[999], state.at("betas")[999].item<double>());
}

TEST(CheckpointConvert, DeepSpeedFixtureFailsNamingTheMissingParts) {
  const auto found = aicl::test::fixturesOfKind("torch_pickle");
  if (found.empty() || !fs::exists(found.front().dir / "deepspeed_style.pt"))
    GTEST_SKIP() << "no torch_checkpoints fixture under " << aicl::test::sharedDir();
  const auto checkpoint = found.front().dir / "deepspeed_style.pt";
  const auto out = aicl::test::scratchDir("checkpoint_convert_deepspeed") / "model";
  const std::string message = errorOf([&] { aicl::convertCheckpoint(checkpoint, out); });
  // It holds a few model.diffusion_model.* tensors under module/_forward_module. and nothing else of the
  // model.
  EXPECT_NE(
      message.find(checkpoint.string() + ": no VAE weights (first_stage_model.*), no text encoder weights "
                                         "(cond_stage_model.transformer.*)"),
      std::string::npos)
      << message;
  EXPECT_EQ(message.find("no UNet weights"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(out));
}

TEST(CheckpointConvert, WrongUNetShapeNamesTheKeyAndBothShapes) {
  TINY_ECHOREEL_OR_SKIP();
  auto state = aicl::test::tinyEchoReelStateDict();
  const std::string key = "model.diffusion_model.output_blocks.1.1.transformer_blocks.0.attn1.to_q.weight";
  ASSERT_EQ(state.at(key).sizes(), (std::vector<int64_t>{32, 32}));
  state[key] = torch::zeros({32, 33});
  const std::string message = conversionError("checkpoint_convert_wrong_shape", state);
  EXPECT_NE(
      message.find("wrong shape for output_blocks.1.1.transformer_blocks.0.attn1.to_q.weight: got [32, 33], "
                   "expected [32, 32]"),
      std::string::npos)
      << message;
}

TEST(CheckpointConvert, MissingVaeNamesTheFileAndThePrefix) {
  TINY_ECHOREEL_OR_SKIP();
  auto state = aicl::test::tinyEchoReelStateDict();
  for (auto it = state.begin(); it != state.end();)
    it = it->first.rfind("first_stage_model.", 0) == 0 ? state.erase(it) : std::next(it);
  const std::string message = conversionError("checkpoint_convert_no_vae", state);
  EXPECT_NE(message.find(": no VAE weights (first_stage_model.*)"), std::string::npos) << message;
}

TEST(CheckpointConvert, UnknownConfigSectionIsRefused) {
  TINY_ECHOREEL_OR_SKIP();
  const auto dir = aicl::test::scratchDir("checkpoint_convert_bad_config");
  const auto checkpoint = aicl::test::writeTinyEchoReelCheckpoint(dir, aicl::test::tinyEchoReelStateDict());
  auto options = aicl::test::tinyEchoReelConvertOptions(dir);
  aicl::writeJsonFile(options.config, {{"unet_config", json::object()}});
  const std::string message = errorOf([&] { aicl::convertCheckpoint(checkpoint, dir / "model", options); });
  EXPECT_NE(message.find("key 'unet_config'"), std::string::npos) << message;
}

TEST(CheckpointConvert, CacheFolderIsMadeOnceAndReused) {
  TINY_ECHOREEL_OR_SKIP();
  const auto dir = aicl::test::scratchDir("checkpoint_convert_cache");
  const auto checkpoint = aicl::test::writeTinyEchoReelCheckpoint(dir, aicl::test::tinyEchoReelStateDict());
  const auto options = aicl::test::tinyEchoReelConvertOptions(dir);
  const char* previous = std::getenv("XDG_CACHE_HOME");
  const std::string saved = previous ? previous : "";
  setenv("XDG_CACHE_HOME", (dir / "cache").c_str(), 1);
  const fs::path first = aicl::convertedCheckpointFolder(checkpoint, options);
  const auto written = fs::last_write_time(first / "model_index.json");
  const fs::path second = aicl::convertedCheckpointFolder(checkpoint, options);
  previous ? setenv("XDG_CACHE_HOME", saved.c_str(), 1) : unsetenv("XDG_CACHE_HOME");
  EXPECT_EQ(first, second);
  EXPECT_EQ(first.parent_path(), dir / "cache" / "aicl-studio" / "converted");
  EXPECT_EQ(first.filename().string().rfind("tiny_echoreel-", 0), 0u) << first;
  EXPECT_EQ(fs::last_write_time(second / "model_index.json"), written);  // reused, not converted again
  EXPECT_EQ(entriesOf(first.parent_path()).size(), 1u);                  // no staging folder left
}

}  // namespace
