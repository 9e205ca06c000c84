// Building UNet3DConditionModel from the real ModelScope config gives exactly diffusers' parameter names and
// shapes, without allocating its 5.6 GB: the modules are constructed with the Meta backend included in the
// dispatch, so every parameter is a shape-only meta tensor. The FLOP estimate is checked against the same model.
#include <gtest/gtest.h>

#include <c10/core/impl/LocalDispatchKeySet.h>

#include <map>

#include "fixtures.h"
#include "key_manifest.h"
#include "unet/unet3d.h"
#include "unet/unet3d_flops.h"

namespace {

using aicl::unet::UNet3DConditionModel;
using aicl::unet::UNet3DConfig;

// Shape-only construction. While the guard lives, every operator on an existing tensor dispatches to the Meta
// backend, so the modules' random initialisation (uniform_, fill_) writes nothing. The factories (torch::empty,
// dispatched by their CPU options) still reserve address space, but no page of it is ever touched: the
// process stays far below the model's 5.6 GB. (LibTorch 1.13 cannot move these parameters to kMeta:
// set_data refuses the change of tensor type.)
UNet3DConditionModel buildShapeOnly(const UNet3DConfig& config) {
  c10::impl::IncludeDispatchKeyGuard meta(c10::DispatchKey::Meta);
  return UNet3DConditionModel(config);
}


TEST(UNetManifest, ParameterNamesAndShapesEqualDiffusers) {
  const auto fixtures = aicl::test::fixturesOfKind("key_manifest");
  if (fixtures.empty()) GTEST_SKIP() << "no key_manifest fixture";
  int checked = 0;
  for (const auto& fixture : fixtures) {
    const auto config_path = fixture.dir / "unet_config.json";
    if (!std::filesystem::exists(config_path)) continue;
    SCOPED_TRACE(fixture.name);
    auto model = buildShapeOnly(UNet3DConfig::fromFile(config_path));
    std::map<std::string, std::vector<int64_t>> actual;
    int64_t parameters = 0;
    for (const auto& item : model->named_parameters()) {
      actual[item.key()] = item.value().sizes().vec();
      parameters += item.value().numel();
    }
    EXPECT_LT(aicl::test::residentBytes(), 1ll << 30);  // the float32 model is 5.6 GB
    EXPECT_TRUE(model->named_buffers().is_empty());  // diffusers' state dict has parameters only
    const auto expected = aicl::test::readKeyManifest(fixture.dir / "unet_keys.tsv");
    int64_t expected_parameters = 0;
    for (const auto& entry : expected) {
      int64_t numel = 1;
      for (int64_t d : entry.shape) numel *= d;
      expected_parameters += numel;
      auto it = actual.find(entry.key);
      if (it == actual.end()) {
        ADD_FAILURE() << "missing " << entry.key;
        continue;
      }
      EXPECT_EQ(it->second, entry.shape) << entry.key;
    }
    EXPECT_EQ(actual.size(), expected.size());
    EXPECT_EQ(parameters, expected_parameters);
    if (fixture.name == "manifest_modelscope") {
      EXPECT_EQ(expected.size(), 1480u);
      EXPECT_EQ(parameters, 1411233860);
      // Blocks the AICL hook reaches: 3 cross-attention down blocks x 2 layers, the mid block, 3 x 3 up layers.
      EXPECT_EQ(model->temporalHookCount(), 16);
    }
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no key_manifest fixture with unet_config.json";
}

// Independent of the estimator's walk through the blocks: every Linear and convolution weight of the built
// model times the number of positions it is applied to, the resolution read from its key.
double weightBasedFlops(UNet3DConditionModel& model, const aicl::unet::UNet3DInputShape& s) {
  const auto& config = model->config();
  const int64_t levels = static_cast<int64_t>(config.block_out_channels.size());
  std::vector<double> pixels{static_cast<double>(s.height * s.width)};
  int64_t h = s.height, w = s.width;
  for (int64_t i = 1; i < levels; ++i) {
    h = (h + 1) / 2;
    w = (w + 1) / 2;
    pixels.push_back(static_cast<double>(h * w));
  }
  const double images = static_cast<double>(s.batch * s.frames);
  auto index_after = [](const std::string& key, const std::string& prefix) {
    return std::stoll(key.substr(prefix.size(), key.find('.', prefix.size()) - prefix.size()));
  };
  double flops = 0;
  for (const auto& item : model->named_parameters()) {
    const auto& key = item.key();
    const auto& weight = item.value();
    if (weight.dim() < 2) continue;  // biases and norms
    int64_t level = 0;
    if (key.rfind("down_blocks.", 0) == 0) {
      level = index_after(key, "down_blocks.");
      if (key.find("downsamplers") != std::string::npos) ++level;  // output resolution of the stride-2 conv
    } else if (key.rfind("mid_block.", 0) == 0) {
      level = levels - 1;
    } else if (key.rfind("up_blocks.", 0) == 0) {
      level = levels - 1 - index_after(key, "up_blocks.");
      if (key.find("upsamplers") != std::string::npos) --level;
    }
    double positions = images * pixels[level];
    if (key.rfind("time_embedding.", 0) == 0) positions = static_cast<double>(s.batch);
    if (key.find("time_emb_proj") != std::string::npos) positions = images;
    if (key.find("attn2.to_k") != std::string::npos || key.find("attn2.to_v") != std::string::npos) {
      const bool temporal = key.find("temp_attentions") != std::string::npos || key.rfind("transformer_in", 0) == 0;
      if (!temporal) positions = images * s.text_tokens;  // cross-attention to the text, per frame
    }
    const double taps_and_inputs = static_cast<double>(weight.numel() / weight.size(0));
    flops += 2.0 * positions * weight.size(0) * taps_and_inputs;
  }
  return flops;
}

TEST(UNetFlops, LayerFlopsEqualAWeightBasedCountAndAttentionScales) {
  const auto fixtures = aicl::test::fixturesOfKind("key_manifest");
  if (fixtures.empty()) GTEST_SKIP() << "no key_manifest fixture";
  const auto config_path = fixtures.front().dir / "unet_config.json";
  if (!std::filesystem::exists(config_path)) GTEST_SKIP() << "no unet_config.json";
  const auto config = UNet3DConfig::fromFile(config_path);
  auto model = buildShapeOnly(config);
  const aicl::unet::UNet3DInputShape shape{2, 16, 32, 32, 77};
  const auto flops = aicl::unet::estimateUNet3DFlops(config, shape);
  const double layers = flops.convolutions + flops.linears;
  EXPECT_NEAR(layers / weightBasedFlops(model, shape), 1.0, 1e-12);

  // Attention cores: temporal ones grow with frames squared, spatial ones with pixels squared.
  auto more_frames = shape;
  more_frames.frames = 32;
  const auto f32 = aicl::unet::estimateUNet3DFlops(config, more_frames);
  EXPECT_NEAR(f32.temporal_attention / flops.temporal_attention, 4.0, 1e-9);
  EXPECT_NEAR(f32.convolutions / flops.convolutions, 2.0, 1e-9);
  // Spatial self-attention at the first level alone: frames x heads x (HW)^2 x 64 x 2 (scores, sums) x 2.
  const double level0_self = 2.0 * 16 * 5 * 1024.0 * 1024.0 * 64 * 2 * 2;
  EXPECT_GT(flops.spatial_attention, 2 * level0_self);  // two down and three up transformers at level 0
  std::cout << "ModelScope UNet3D, batch 2 x 16 frames x 32x32 latents, 77 tokens: " << flops.total() / 1e12
            << " TFLOP (convolutions " << flops.convolutions / 1e12 << ", linears " << flops.linears / 1e12
            << ", spatial attention " << flops.spatial_attention / 1e12 << ", temporal attention "
            << flops.temporal_attention / 1e12 << ")\n";
}

}  // namespace
