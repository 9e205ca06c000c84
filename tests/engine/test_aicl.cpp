// AICL's modules (Action Prism, relative attention, Action Integration) and the pipeline with an adapter on the
// tiny fixture model: the baseline is untouched bit for bit, references change the result, features have PCA.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>

#include <nlohmann/json.hpp>

#include "aicl/actionworld.h"
#include "aicl/adapter.h"
#include "aicl/error.h"
#include "aicl/pipeline.h"
#include "tensor_testing.h"
#include "tiny_adapter.h"
#include "unet/unet3d.h"

namespace fs = std::filesystem;
using namespace aicl::adapter;

namespace {

// Direct (loop) evaluation of the relative-position attention in float64.
torch::Tensor naiveRelativeAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                     const torch::Tensor& rel_k, const torch::Tensor& rel_v, double scale) {
  const auto qd = q.to(torch::kFloat64), kd = k.to(torch::kFloat64), vd = v.to(torch::kFloat64);
  const auto rk = rel_k.to(torch::kFloat64), rv = rel_v.to(torch::kFloat64);
  auto out = torch::zeros_like(qd);
  for (int64_t n = 0; n < q.size(0); ++n)
    for (int64_t h = 0; h < q.size(1); ++h)
      for (int64_t i = 0; i < q.size(2); ++i) {
        auto scores = torch::empty({k.size(2)}, torch::kFloat64);
        for (int64_t j = 0; j < k.size(2); ++j) scores[j] = (qd[n][h][i] * (kd[n][h][j] + rk[i][j])).sum() * scale;
        const auto w = scores.softmax(0);
        for (int64_t j = 0; j < k.size(2); ++j) out[n][h][i] += w[j] * (vd[n][h][j] + rv[i][j]);
      }
  return out;
}

TEST(RelativeAttention, MatchesDirectEvaluation) {
  torch::manual_seed(1);
  const auto q = torch::randn({6, 2, 5, 8}), k = torch::randn({6, 2, 7, 8}), v = torch::randn({6, 2, 7, 8});
  const auto rel_k = torch::randn({5, 7, 8}), rel_v = torch::randn({5, 7, 8});
  EXPECT_TRUE(aicl::test::tensorsClose(relativeAttention(q, k, v, rel_k, rel_v, 0.3),
                                       naiveRelativeAttention(q, k, v, rel_k, rel_v, 0.3), "attention", 1e-5));
}

TEST(RelativePosition, ClipsDistancesToTheTable) {
  RelativePosition position(4, 2);
  const auto table = position->embeddings_table;
  const auto frames = torch::arange(5, torch::kLong);
  const auto embedded = position(frames, frames);  // [5, 5, 4]
  EXPECT_TRUE(torch::equal(embedded[0][4], table[4]));  // distance +4 clipped to +2
  EXPECT_TRUE(torch::equal(embedded[4][0], table[0]));  // -4 clipped to -2
  EXPECT_TRUE(torch::equal(embedded[2][3], table[3]));  // +1
}

ActionPrismConfig smallPrism() {
  ActionPrismConfig c;
  c.latent_channels = 4;
  c.latent_height = c.latent_width = 4;
  c.frames = 6;
  c.width = 16;
  c.layers = 2;
  c.heads = 2;
  c.ff_mult = 2;
  c.text_dim = 12;
  return c;
}

TEST(ActionPrism, OneTokenPerFrameThatDependsOnReferencesAndText) {
  torch::manual_seed(2);
  ActionPrism prism(smallPrism());
  const auto latents = torch::randn({3, 4, 6, 4, 4}), text = torch::randn({3, 10, 12});
  const auto tokens = prism(latents, text);
  EXPECT_EQ(tokens.sizes(), (std::vector<int64_t>{3, 6, 4 * 4 * 4}));
  // Each reference's tokens depend on its own latents only (references are independent in the batch).
  auto changed = latents.clone();
  changed[1] += 1.0;
  const auto other = prism(changed, text);
  EXPECT_TRUE(torch::equal(other[0], tokens[0]));
  EXPECT_FALSE(torch::allclose(other[1], tokens[1]));
  // ... and on the text (the target prompt enters through cross-attention).
  EXPECT_FALSE(torch::allclose(prism(latents, text * 2.0), tokens));
  // Temporal attention makes frame tokens depend on other frames.
  auto one_frame = latents.clone();
  one_frame.select(2, 5) += 1.0;
  EXPECT_FALSE(torch::allclose(prism(one_frame, text).select(1, 0), tokens.select(1, 0)));
  EXPECT_THROW(prism(torch::randn({3, 4, 6, 5, 4}), text), aicl::Error);
  EXPECT_THROW(prism(latents, torch::randn({2, 10, 12})), aicl::Error);
}

TEST(ActionPrism, PatchesMakeFewerTokensOfTheSameFrameToken) {
  torch::manual_seed(5);
  auto config = smallPrism();
  config.patch_size = 2;
  ActionPrism prism(config);
  EXPECT_EQ(prism->proj_in->weight.size(1), 4 * 2 * 2);  // one token per 2x2 patch of 4 channels
  const auto latents = torch::randn({2, 4, 6, 4, 4}), text = torch::randn({2, 10, 12});
  const auto tokens = prism(latents, text);
  EXPECT_EQ(tokens.sizes(), (std::vector<int64_t>{2, 6, 4 * 4 * 4}));  // the frame token keeps its size
  // Each patch sees its own pixels: changing one latent pixel changes the output.
  auto changed = latents.clone();
  changed[0][0][0][3][3] += 1.0;
  EXPECT_FALSE(torch::allclose(prism(changed, text)[0], tokens[0]));
  EXPECT_THROW(AdapterConfig::fromJson(nlohmann::json::parse(R"({
      "action_prism": {"latent_channels": 4, "latent_height": 4, "latent_width": 4, "patch_size": 3, "width": 16,
                       "layers": 1, "heads": 2, "text_dim": 12},
      "action_integration": {"heads": 2, "dim_head": 8, "block_channels": [8]}})"), "aicl.json"),
               aicl::Error);
}

TEST(AdapterConfig, IntegrationPositionIsEchoReelsForNewAdaptersAndTheOldOneWithoutTheField) {
  auto json = nlohmann::json::parse(R"({
      "action_prism": {"latent_channels": 4, "latent_height": 4, "latent_width": 4, "width": 16, "layers": 1,
                       "heads": 2, "text_dim": 12},
      "action_integration": {"heads": 2, "dim_head": 8, "block_channels": [8]}})");
  // Saved before the field existed: after the first temporal attention, as those adapters were trained.
  EXPECT_EQ(AdapterConfig::fromJson(json, "old.json").integration.position, aicl::unet::TemporalHookPosition::AfterAttn1);
  EXPECT_EQ(AdapterConfig{}.integration.position, aicl::unet::TemporalHookPosition::AfterAttn2);
  json["action_integration"]["position"] = "after_attn2";
  const auto config = AdapterConfig::fromJson(json, "new.json");
  EXPECT_EQ(config.integration.position, aicl::unet::TemporalHookPosition::AfterAttn2);
  EXPECT_EQ(AdapterConfig::fromJson(config.toJson(), "saved.json").integration.position,
            aicl::unet::TemporalHookPosition::AfterAttn2);
  json["action_integration"]["position"] = "before_everything";
  try {
    AdapterConfig::fromJson(json, "bad.json");
    FAIL() << "an unknown position was accepted";
  } catch (const aicl::Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("position"), std::string::npos) << e.what();
  }
}

TEST(AiclAdapter, ActionTokensOfSeveralTextRowsEqualSeparateCalls) {
  torch::manual_seed(6);
  AdapterConfig config;
  config.prism = smallPrism();
  config.integration.heads = 2;
  config.integration.dim_head = 8;
  config.integration.block_channels = {8};
  AiclAdapter adapter(config);
  const auto latents = torch::randn({3, 4, 6, 4, 4}), unconditional = torch::randn({3, 10, 12}),
             conditional = torch::randn({3, 10, 12});
  // Both guidance branches in one call: one context row per group of K text rows.
  const auto both = adapter->actionTokens(latents, torch::cat({unconditional, conditional}));
  EXPECT_EQ(both.sizes(), (std::vector<int64_t>{2, 3 * 6, 4 * 4 * 4}));
  EXPECT_TRUE(aicl::test::tensorsClose(both[0], adapter->actionTokens(latents, unconditional)[0], "first row", 1e-5));
  EXPECT_TRUE(aicl::test::tensorsClose(both[1], adapter->actionTokens(latents, conditional)[0], "second row", 1e-5));
  EXPECT_THROW(adapter->actionTokens(latents, torch::randn({4, 10, 12})), aicl::Error);
}

TEST(ActionPrism, EchoReelSizeIsConstructibleWithoutAllocating) {
  // Shape-only construction under the Meta dispatch key, in a child process: the key must not leak into the
  // thread pool of the other tests.
  EXPECT_EXIT(
      {
        ActionPrismConfig c;  // defaults: 18 layers, 640 wide, 8 heads, ModelScope latents (4 x 32 x 32), text 1024
        c10::impl::IncludeDispatchKeyGuard meta(c10::DispatchKey::Meta);
        ActionPrism prism(c);
        int64_t parameters = 0;
        for (const auto& p : prism->parameters()) parameters += p.numel();
        // Per layer: 4 attentions (4 x 640^2 each, plus relative tables), 4 GEGLU FFNs (640 -> 2 x 2560 -> 640).
        const bool ok = prism->layers->size() == 18u && c.tokenDim() == 4096 &&
                        parameters > 18 * (4 * 4 * 640 * 640 + 4 * 3 * 640 * 2560);
        std::exit(ok ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(ActionIntegration, StartsAsAnExactNoOp) {
  torch::manual_seed(3);
  ActionIntegrationBlock block(32, 64, 2, 8, 16);
  const auto hidden = torch::randn({2 * 9, 6, 32}), context = torch::randn({2, 12, 64});
  const auto key_frames = torch::arange(6, torch::kLong).repeat({2});
  const auto residual = block(hidden, block->prepare(context, key_frames, 6));
  EXPECT_EQ(residual.sizes(), hidden.sizes());
  EXPECT_EQ(residual.abs().max().item<float>(), 0.0f);
  // Once trained (non-zero output), positions of one video see the same context but get their own answer.
  torch::nn::init::normal_(block->attention->to_out->weight);
  const auto trained = block(hidden, block->prepare(context, key_frames, 6));
  EXPECT_GT(trained.abs().max().item<float>(), 0.0f);
  EXPECT_FALSE(torch::allclose(trained[0], trained[1]));
}

TEST(ActionIntegration, EqualsRelativeCrossAttentionOfEveryPositionToItsVideosReferences) {
  torch::manual_seed(4);
  ActionIntegrationBlock block(32, 64, 2, 8, 4);
  torch::nn::init::normal_(block->attention->to_out->weight);
  const int64_t videos = 2, positions = 9, frames = 6;
  const auto hidden = torch::randn({videos * positions, frames, 32}), context = torch::randn({videos, 3 * frames, 64});
  const auto key_frames = torch::arange(frames, torch::kLong).repeat({3});
  // The general module, each position given its own copy of its video's context.
  const auto expected = block->attention(block->norm(hidden), torch::arange(frames, torch::kLong),
                                         context.repeat_interleave(positions, 0), key_frames);
  // With gradients (training) the chunked matmul attention, without them the fused kernel.
  const auto trained = block(hidden, block->prepare(context, key_frames, frames));
  EXPECT_TRUE(trained.requires_grad());
  EXPECT_TRUE(aicl::test::tensorsClose(trained.detach(), expected, "integration with gradients", 1e-5));
  torch::NoGradGuard no_grad;
  const auto prepared = block->prepare(context, key_frames, frames);
  EXPECT_TRUE(prepared.fits(hidden));
  EXPECT_FALSE(prepared.fits(hidden.narrow(1, 0, frames - 1)));
  EXPECT_TRUE(aicl::test::tensorsClose(block(hidden, prepared), expected, "integration", 1e-5));
  // bfloat16 weights and states (the CPU fast path).
  block->to(torch::kBFloat16);
  const auto half = block->prepare(context.to(torch::kBFloat16), key_frames, frames);
  const auto hidden_bf16 = hidden.to(torch::kBFloat16);
  EXPECT_TRUE(half.fits(hidden_bf16) && !half.fits(hidden));
  EXPECT_TRUE(aicl::test::tensorsClose(block(hidden_bf16, half).to(torch::kFloat32), expected, "bf16 integration", 0.05));
}

// ---- The pipeline with an adapter on the tiny fixture model ----------------------------------------------------

fs::path tinyModel() { return AICL_TINY_MODEL_DIR; }

class AiclPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(tinyModel() / "model_index.json")) GTEST_SKIP() << "tiny model absent (fixtures missing)";
    dir_ = fs::temp_directory_path() / ("aicl_pipeline_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    aicl::test::writeTinyAdapter(tinyModel(), dir_ / "aicl");
    // Three reference videos of one action, written and read back as real files.
    std::mt19937_64 rng(5);
    for (int r = 0; r < 3; ++r) {
      using namespace aicl::actionworld;
      const auto spec = randomClipSpec(Action::Zigzagging, Shape::Star, Colour::Yellow, Background::Navy, rng, 32, 16);
      references_.push_back({dir_ / ("ref" + std::to_string(r) + ".mp4"), caption(spec), 0.0, -1.0});
      aicl::encodeVideo(references_.back().path, aicl::VideoFormat::Mp4, renderClip(spec), aicl::defaultEncodeOptions());
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::shared_ptr<aicl::Pipeline> load() {
    aicl::PipelineOptions options = aicl::defaultPipelineOptions();
    options.adapter_folder = dir_ / "aicl";
    return aicl::Pipeline::load(tinyModel(), options);
  }
  aicl::GenerationRequest request(aicl::GenerationMode mode, size_t references) const {
    auto r = aicl::defaultGenerationRequest();
    r.prompt = "a red circle zigzagging on a black background";
    r.frames = 16;
    r.steps = 2;
    r.seed = 11;
    r.mode = mode;
    r.references.assign(references_.begin(), references_.begin() + static_cast<long>(references));
    return r;
  }

  fs::path dir_;
  std::vector<aicl::ReferenceVideo> references_;
};

bool sameFrames(const std::vector<aicl::Frame>& a, const std::vector<aicl::Frame>& b) {
  if (a.size() != b.size() || a.empty()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].rgb != b[i].rgb) return false;
  return true;
}

TEST_F(AiclPipelineTest, BaselineIsBitIdenticalWithoutReferencesOrWhenSwitchedOff) {
  const auto pipeline = load();
  EXPECT_TRUE(pipeline->info().has_adapter);
  const auto baseline = pipeline->generate(request(aicl::GenerationMode::Baseline, 3));
  const auto no_references = pipeline->generate(request(aicl::GenerationMode::Aicl, 0));
  const auto both = pipeline->generate(request(aicl::GenerationMode::Both, 2));
  const auto aicl_only = pipeline->generate(request(aicl::GenerationMode::Aicl, 2));
  auto zero = request(aicl::GenerationMode::Aicl, 2);
  zero.aicl_scale = 0.0;
  const auto zero_scale = pipeline->generate(zero);
  EXPECT_TRUE(sameFrames(baseline.frames, no_references.frames));  // K = 0
  EXPECT_TRUE(sameFrames(baseline.frames, both.baseline_frames));  // Both: the same seed and initial noise
  EXPECT_TRUE(sameFrames(baseline.frames, zero_scale.frames));     // strength 0
  EXPECT_TRUE(sameFrames(both.frames, aicl_only.frames));          // Both's AICL half equals an AICL run
  EXPECT_FALSE(sameFrames(baseline.frames, aicl_only.frames));     // the references act
  // A baseline run after AICL runs is still the baseline (no hook left behind).
  EXPECT_TRUE(sameFrames(baseline.frames, pipeline->generate(request(aicl::GenerationMode::Baseline, 0)).frames));
  EXPECT_NE(aicl_only.settings_json.find("references"), std::string::npos);
}

TEST_F(AiclPipelineTest, ReferencesAreAllAttendedTo) {
  const auto pipeline = load();
  const auto two = pipeline->generate(request(aicl::GenerationMode::Aicl, 2));
  const auto three = pipeline->generate(request(aicl::GenerationMode::Aicl, 3));
  EXPECT_FALSE(sameFrames(two.frames, three.frames));
}

TEST_F(AiclPipelineTest, ReferenceLatentsAreReusedUntilTheFileChanges) {
  const auto pipeline = load();
  const auto first = pipeline->generate(request(aicl::GenerationMode::Aicl, 1));
  EXPECT_TRUE(sameFrames(first.frames, pipeline->generate(request(aicl::GenerationMode::Aicl, 1)).frames));
  // Another clip written to the same path is read again.
  std::mt19937_64 rng(8);
  using namespace aicl::actionworld;
  const auto spec = randomClipSpec(Action::MovingLeft, Shape::Square, Colour::Green, Background::Gray, rng, 32, 16);
  aicl::encodeVideo(references_[0].path, aicl::VideoFormat::Mp4, renderClip(spec), aicl::defaultEncodeOptions());
  const auto changed = pipeline->generate(request(aicl::GenerationMode::Aicl, 1));
  EXPECT_FALSE(sameFrames(first.frames, changed.frames));
  // ... and gives what a pipeline that never saw the old file gives.
  EXPECT_TRUE(sameFrames(changed.frames, load()->generate(request(aicl::GenerationMode::Aicl, 1)).frames));
}

TEST_F(AiclPipelineTest, BrokenReferenceNamesTheFile) {
  const auto pipeline = load();
  auto r = request(aicl::GenerationMode::Aicl, 1);
  r.references[0].path = dir_ / "missing.mp4";
  try {
    pipeline->generate(r);
    FAIL() << "expected an error";
  } catch (const aicl::Error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.mp4"), std::string::npos);
  }
  // The pipeline still works afterwards.
  EXPECT_EQ(pipeline->generate(request(aicl::GenerationMode::Aicl, 1)).frames.size(), 16u);
}

TEST_F(AiclPipelineTest, ReferenceSamplingPicksTheFrames) {
  const auto pipeline = load();
  auto tokensOf = [&](const aicl::ReferenceVideo& reference) {
    aicl::FeatureRequest features;
    features.references = {reference};
    features.prompt = "a red circle zigzagging on a black background";
    return pipeline->actionFeatures(features).videos[0].tokens;
  };
  auto every_frame = references_[0];
  every_frame.stride = 1;  // the clip has 16 frames: the same frames as spreading 16 evenly
  auto every_other = references_[0];
  every_other.stride = 2;  // 8 frames, the last held
  auto four = references_[0];
  four.count = 4;
  const auto spread = tokensOf(references_[0]);
  EXPECT_EQ(tokensOf(every_frame), spread);
  EXPECT_NE(tokensOf(every_other), spread);
  EXPECT_NE(tokensOf(four), spread);
  EXPECT_EQ(tokensOf(four).size(), 16u);
}

TEST_F(AiclPipelineTest, FeaturesGiveOnePcaTrajectoryPerVideo) {
  const auto pipeline = load();
  aicl::FeatureRequest features;
  features.references = references_;
  features.prompt = "a red circle zigzagging on a black background";
  const auto result = pipeline->actionFeatures(features);
  ASSERT_EQ(result.videos.size(), 3u);
  for (const auto& video : result.videos) {
    EXPECT_EQ(video.pca.size(), 16u);
    EXPECT_EQ(video.tokens.size(), 16u);
    EXPECT_EQ(video.tokens[0].size(), 16u * 16u * 4u);
  }
  double explained = 0;
  for (double fraction : result.explained_variance) {
    EXPECT_GE(fraction, 0.0);
    explained += fraction;
  }
  EXPECT_GT(explained, 0.0);
  EXPECT_LE(explained, 1.0 + 1e-9);
  EXPECT_GE(result.explained_variance[0], result.explained_variance[1]);
  const auto json = nlohmann::json::parse(result.toJson());
  EXPECT_EQ(json["videos"][0]["pca2"].size(), 16u);
  EXPECT_EQ(json["videos"][0]["pca3"][0].size(), 3u);
}

// Each run's AICL conditioning is its own: runs on one loaded model at once give what they give one at a time.
TEST_F(AiclPipelineTest, ConcurrentRunsKeepTheirOwnConditioning) {
  const auto pipeline = load();
  const auto baseline = pipeline->generate(request(aicl::GenerationMode::Baseline, 0)).frames;
  const auto with_two = pipeline->generate(request(aicl::GenerationMode::Aicl, 2)).frames;
  const auto with_three = pipeline->generate(request(aicl::GenerationMode::Aicl, 3)).frames;
  for (int round = 0; round < 2; ++round) {
    auto a = std::async(std::launch::async, [&] { return pipeline->generate(request(aicl::GenerationMode::Aicl, 2)); });
    auto b = std::async(std::launch::async, [&] { return pipeline->generate(request(aicl::GenerationMode::Baseline, 0)); });
    auto c = std::async(std::launch::async, [&] { return pipeline->generate(request(aicl::GenerationMode::Aicl, 3)); });
    EXPECT_TRUE(sameFrames(a.get().frames, with_two));
    EXPECT_TRUE(sameFrames(b.get().frames, baseline));
    EXPECT_TRUE(sameFrames(c.get().frames, with_three));
  }
}

// The feature plot's job does not wait for a running generation: features complete while a generation is held
// inside its first step.
TEST_F(AiclPipelineTest, FeaturesRunWhileAGenerationIsInProgress) {
  const auto pipeline = load();
  std::promise<void> features_done;
  auto released = features_done.get_future().share();
  std::promise<void> generation_started;
  aicl::GenerationCallbacks callbacks;
  bool held = false;
  callbacks.progress = [&](int, int, double) {
    if (held) return;
    held = true;
    generation_started.set_value();
    released.wait_for(std::chrono::seconds(120));
  };
  auto generation = std::async(std::launch::async,
                               [&] { return pipeline->generate(request(aicl::GenerationMode::Aicl, 2), callbacks); });
  ASSERT_EQ(generation_started.get_future().wait_for(std::chrono::seconds(120)), std::future_status::ready);
  aicl::FeatureRequest request_features;
  request_features.references = references_;
  request_features.prompt = "a red circle zigzagging on a black background";
  auto features = std::async(std::launch::async, [&] { return pipeline->actionFeatures(request_features); });
  const auto status = features.wait_for(std::chrono::seconds(60));
  features_done.set_value();
  ASSERT_EQ(status, std::future_status::ready) << "features waited for the generation";
  EXPECT_EQ(features.get().videos.size(), 3u);
  EXPECT_FALSE(generation.get().frames.empty());
}

}  // namespace
