// The CLIP text encoder against openai/CLIP outputs exported with HF names (fixtures of kind "clip_text").
#include <gtest/gtest.h>

#include "aicl/error.h"
#include "fixtures.h"
#include "io/weight_loader.h"
#include "tensor_testing.h"
#include "test_paths.h"
#include "text/clip_text_model.h"

namespace {

using aicl::text::ClipTextConfig;
using aicl::text::ClipTextModel;

ClipTextModel loadFixture(const std::filesystem::path& dir) {
  ClipTextConfig config = ClipTextConfig::fromFile(dir / "config.json");
  const std::vector<std::filesystem::path> files{dir / "weights.safetensors"};
  config.num_hidden_layers = aicl::text::countEncoderLayers(files);
  ClipTextModel model(config);
  aicl::text::loadClipTextWeights(model, files);
  model->eval();
  return model;
}

TEST(ClipTextModel, MatchesReferenceOnEveryFixture) {
  const auto fixtures = aicl::test::fixturesOfKind("clip_text");
  if (fixtures.empty()) GTEST_SKIP() << "no clip_text fixture";
  for (const auto& fixture : fixtures) {
    SCOPED_TRACE(fixture.name);
    auto model = loadFixture(fixture.dir);
    const auto ids = aicl::loadTensors(fixture.dir / "inputs.safetensors").at("input_ids");
    const auto expected = aicl::loadTensors(fixture.dir / "outputs.safetensors");
    c10::InferenceMode guard;
    const auto out = model->forward(ids, true);
    EXPECT_TRUE(aicl::test::tensorsClose(out.last_hidden_state, expected.at("last_hidden_state"), "last_hidden_state"));
    EXPECT_TRUE(aicl::test::tensorsClose(out.pooler_output, expected.at("pooler_output"), "pooler_output"));
    for (size_t i = 0; i < out.hidden_states.size(); ++i) {
      const std::string name = "hidden_states." + std::to_string(i);
      EXPECT_TRUE(aicl::test::tensorsClose(out.hidden_states[i], expected.at(name), name));
    }
    const auto& penultimate = out.hidden_states[out.hidden_states.size() - 2];
    EXPECT_TRUE(aicl::test::tensorsClose(penultimate, expected.at("penultimate_hidden_state"), "penultimate"));
    EXPECT_TRUE(aicl::test::tensorsClose(model->encode(ids, 1), expected.at("penultimate_hidden_state_final_ln"),
                                         "penultimate_hidden_state_final_ln"));
    const auto extra = fixture.dir / "extra_weights.safetensors";
    if (std::filesystem::exists(extra)) {
      const auto projection = aicl::loadTensors(extra).at("text_projection");
      EXPECT_TRUE(aicl::test::tensorsClose(torch::matmul(out.pooler_output, projection),
                                           expected.at("text_embeds_openai"), "text_embeds_openai"));
    }
  }
}

TEST(ClipTextModel, WrongShapeNamesTheKey) {
  const auto fixtures = aicl::test::fixturesOfKind("clip_text");
  if (fixtures.empty()) GTEST_SKIP() << "no clip_text fixture";
  auto weights = aicl::loadTensors(fixtures[0].dir / "weights.safetensors");
  std::string victim;
  for (auto& [name, tensor] : weights)
    if (name.find("final_layer_norm.weight") != std::string::npos) victim = name, tensor = torch::ones({3});
  ASSERT_FALSE(victim.empty());
  const auto broken = aicl::test::scratchDir("clip_wrong_shape") / "model.safetensors";
  aicl::saveTensors(broken, weights);
  ClipTextModel model(ClipTextConfig::fromFile(fixtures[0].dir / "config.json"));
  try {
    aicl::text::loadClipTextWeights(model, {broken});
    FAIL() << "wrong shape accepted";
  } catch (const aicl::Error& e) {
    EXPECT_NE(std::string(e.what()).find("final_layer_norm.weight"), std::string::npos) << e.what();
  }
}

}  // namespace
