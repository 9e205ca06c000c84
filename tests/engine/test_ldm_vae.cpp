// LVDM's LDM-style AutoencoderKL (original parameter names) on the diffusers-layout AutoencoderKL, through the
// name table and the ddconfig reader, against the reference fixtures of kind "ldm_vae" (one test per fixture).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "aicl/error.h"
#include "fixtures.h"
#include "io/weight_loader.h"
#include "tensor_testing.h"
#include "vae/ldm_vae_config.h"
#include "vae/ldm_vae_weights.h"
#include "vae/vae_key_names.h"

namespace aicl::vae {
namespace {

using aicl::test::tensorsClose;

constexpr const char* kKind = "ldm_vae";

// The fixture READMEs' check: max|diff| <= 1e-4 * max(1, max|ref|); the relative L2 (same bound) is reported too.
::testing::AssertionResult matchesReference(const torch::Tensor& actual, const torch::Tensor& expected,
                                            const std::string& what) {
  ::testing::AssertionResult relative_l2 = tensorsClose(actual, expected, what);
  if (!relative_l2) return relative_l2;
  const torch::Tensor reference = expected.to(torch::kFloat64);
  const double max_diff = (actual.to(torch::kFloat64) - reference).abs().max().item<double>();
  const double bound = 1e-4 * std::max(1.0, reference.abs().max().item<double>());
  std::cout << "  " << relative_l2.message() << ", max|diff| " << max_diff << " (bound " << bound << ")\n";
  if (max_diff > bound)
    return ::testing::AssertionFailure() << what << ": max|diff| " << max_diff << " > " << bound;
  return ::testing::AssertionSuccess();
}

// Fixture folders by path; one empty entry when there is none, so that the test reports a skip.
std::vector<std::string> fixtureDirsOrNone() {
  auto dirs = aicl::test::fixtureDirsOfKind(kKind);
  if (dirs.empty()) dirs.emplace_back();
  return dirs;
}

std::string testName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.empty() ? "none" : std::filesystem::path(info.param).filename().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name + "_" + std::to_string(info.index);
}

class LdmVaeFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam().empty())
      GTEST_SKIP() << "no fixture of kind " << kKind << " under " << aicl::test::sharedDir()
                   << " or AICL_FIXTURES";
    dir_ = GetParam();
  }
  AutoencoderKL buildModel() const {
    AutoencoderKL model(readLdmAutoencoderKLConfig(dir_ / "config.json"));
    model->eval();
    return model;
  }
  std::map<std::string, torch::Tensor> weights() const { return loadTensors(dir_ / "weights.safetensors"); }
  // The message of the error that loading `ldm` throws ("" when it loads).
  std::string loadError(const std::map<std::string, torch::Tensor>& ldm) const {
    AutoencoderKL model = buildModel();
    try {
      loadLdmAutoencoderKLWeights(model, ldm, "edited weights");
    } catch (const aicl::Error& e) {
      return e.what();
    }
    return "";
  }

  std::filesystem::path dir_;
};

TEST_P(LdmVaeFixture, MatchesLvdmOnEveryOutput) {
  c10::InferenceMode inference;
  AutoencoderKL model = buildModel();
  loadLdmAutoencoderKLWeights(model, dir_ / "weights.safetensors");
  const auto inputs = loadTensors(dir_ / "inputs.safetensors");
  const auto expected = loadTensors(dir_ / "outputs.safetensors");

  const torch::Tensor& image = inputs.at("image");
  const LatentDistribution posterior = model->encode(image);
  const std::map<std::string, torch::Tensor> actual = {
      {"encoder_out", model->encoder(image)},
      {"moments", posterior.moments},
      {"posterior_mean", posterior.mean},
      {"posterior_logvar", posterior.logvar},
      {"posterior_std", posterior.std},
      {"decoded_mean", model->decode(posterior.mean)},
      {"decoded_z", model->decode(inputs.at("z"))},
  };
  std::cout << dir_.filename().string() << ":\n";
  for (const auto& [name, reference] : expected) {
    const auto it = actual.find(name);
    if (it == actual.end()) {
      ADD_FAILURE() << "the fixture holds an output this test does not compute: " << name;
      continue;
    }
    EXPECT_TRUE(matchesReference(it->second, reference, name));
  }
}

TEST_P(LdmVaeFixture, NameTableCoversEveryModuleKeyAndDetectsLdmNaming) {
  const auto ldm = weights();
  std::vector<std::string> ldm_keys;
  for (const auto& [key, tensor] : ldm) ldm_keys.push_back(key);
  EXPECT_TRUE(hasLdmAutoencoderKLNames(ldm_keys));

  AutoencoderKL model = buildModel();
  std::set<std::string> module_keys;
  for (const auto& item : model->named_parameters()) module_keys.insert(item.key());
  const auto converted = autoencoderKLStateFromLdm(ldm, model->config().block_out_channels.size(), "fixture");
  std::set<std::string> converted_keys;
  for (const auto& [key, tensor] : converted) converted_keys.insert(key);
  EXPECT_EQ(converted_keys, module_keys);
  EXPECT_FALSE(hasLdmAutoencoderKLNames(std::vector<std::string>(module_keys.begin(), module_keys.end())));
}

TEST_P(LdmVaeFixture, StrictLoadingNamesTheOffendingKeyAndLoadsNothing) {
  const auto ldm = weights();

  auto missing = ldm;
  missing.erase("encoder.down.0.block.0.conv1.weight");
  EXPECT_NE(loadError(missing).find("missing: encoder.down_blocks.0.resnets.0.conv1.weight"), std::string::npos)
      << loadError(missing);

  auto extra = ldm;
  extra["encoder.down.0.block.0.conv3.weight"] = torch::zeros({1});
  EXPECT_NE(loadError(extra).find("unexpected: encoder.down.0.block.0.conv3.weight"), std::string::npos)
      << loadError(extra);

  auto wrong_shape = ldm;
  const auto& q = ldm.at("encoder.mid.attn_1.q.weight");
  wrong_shape["encoder.mid.attn_1.q.weight"] = torch::zeros({q.size(0), q.size(1), 3, 3});
  const std::string message = loadError(wrong_shape);
  EXPECT_NE(message.find("wrong shape for encoder.mid_block.attentions.0.to_q.weight"), std::string::npos)
      << message;

  // All-or-nothing: a failed load leaves the module as it was built.
  AutoencoderKL model = buildModel();
  const torch::Tensor before = model->decoder->conv_out->weight.clone();
  EXPECT_THROW(loadLdmAutoencoderKLWeights(model, wrong_shape, "edited weights"), aicl::Error);
  EXPECT_TRUE(torch::equal(model->decoder->conv_out->weight, before));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, LdmVaeFixture, ::testing::ValuesIn(fixtureDirsOrNone()), testName);

// ---- The name table and the config reader on their own ----

TEST(LdmVaeKeyNames, RenamesEveryKindOfLdmKey) {
  const std::map<std::string, std::string> expected = {
      {"encoder.conv_in.weight", "encoder.conv_in.weight"},
      {"encoder.down.2.block.1.nin_shortcut.bias", "encoder.down_blocks.2.resnets.1.conv_shortcut.bias"},
      {"encoder.down.0.downsample.conv.weight", "encoder.down_blocks.0.downsamplers.0.conv.weight"},
      {"encoder.down.1.attn.0.proj_out.weight", "encoder.down_blocks.1.attentions.0.to_out.0.weight"},
      {"encoder.mid.block_2.norm1.weight", "encoder.mid_block.resnets.1.norm1.weight"},
      {"encoder.mid.attn_1.norm.bias", "encoder.mid_block.attentions.0.group_norm.bias"},
      {"encoder.norm_out.weight", "encoder.conv_norm_out.weight"},
      // LDM's decoder.up.0 is the full-resolution level, diffusers' up_blocks.0 the lowest.
      {"decoder.up.0.block.2.conv2.weight", "decoder.up_blocks.3.resnets.2.conv2.weight"},
      {"decoder.up.3.upsample.conv.bias", "decoder.up_blocks.0.upsamplers.0.conv.bias"},
      {"decoder.up.2.attn.1.k.weight", "decoder.up_blocks.1.attentions.1.to_k.weight"},
      {"quant_conv.weight", "quant_conv.weight"},
      {"post_quant_conv.bias", "post_quant_conv.bias"},
      // Outside the table: kept, so that strict loading names them.
      {"decoder.up.4.block.0.conv1.weight", "decoder.up.4.block.0.conv1.weight"},
      {"encoder.down.0.block.0.conv9.weight", "encoder.down.0.block.0.conv9.weight"},
      {"loss.logvar", "loss.logvar"},
  };
  for (const auto& [ldm, module] : expected) EXPECT_EQ(moduleKeyForLdmKey(ldm, 4), module) << ldm;
  EXPECT_TRUE(isLdmAttentionProjectionWeight("decoder.mid.attn_1.v.weight"));
  EXPECT_TRUE(isLdmAttentionProjectionWeight("encoder.down.1.attn.0.proj_out.weight"));
  EXPECT_FALSE(isLdmAttentionProjectionWeight("encoder.down.1.attn.0.proj_out.bias"));
  EXPECT_FALSE(isLdmAttentionProjectionWeight("encoder.down.1.attn.0.norm.weight"));
  EXPECT_FALSE(isLdmAttentionProjectionWeight("encoder.down.1.block.0.conv1.weight"));
}

nlohmann::json lvdmParams() {
  // The released LVDM first stage (configs/gr.yaml).
  return nlohmann::json::parse(R"({"embed_dim": 4, "ddconfig": {"double_z": true, "z_channels": 4,
      "resolution": 256, "in_channels": 3, "out_ch": 3, "ch": 128, "ch_mult": [1, 2, 4, 4], "num_res_blocks": 2,
      "attn_resolutions": [], "dropout": 0.0}})");
}

TEST(LdmVaeConfig, BuildsTheDiffusersConfigOfTheReleasedFirstStage) {
  const AutoencoderKLConfig config = autoencoderKLConfigFromLdm(lvdmParams(), "params");
  EXPECT_EQ(config.block_out_channels, (std::vector<int64_t>{128, 256, 512, 512}));
  EXPECT_EQ(config.layers_per_block, 2);
  EXPECT_EQ(config.latent_channels, 4);
  EXPECT_EQ(config.norm_num_groups, 32);
  EXPECT_DOUBLE_EQ(config.scaling_factor, 0.18215);
  EXPECT_EQ(config.down_block_types, std::vector<std::string>(4, "DownEncoderBlock2D"));
  EXPECT_EQ(config.up_block_types, std::vector<std::string>(4, "UpDecoderBlock2D"));
}

TEST(LdmVaeConfig, AttentionResolutionsPickTheAttnBlocks) {
  nlohmann::json params = lvdmParams();
  params["ddconfig"]["attn_resolutions"] = {64, 32};  // levels 2 and 3 of 256 / 2^level
  const AutoencoderKLConfig config = autoencoderKLConfigFromLdm(params, "params");
  EXPECT_EQ(config.down_block_types, (std::vector<std::string>{"DownEncoderBlock2D", "DownEncoderBlock2D",
                                                               "AttnDownEncoderBlock2D", "AttnDownEncoderBlock2D"}));
  EXPECT_EQ(config.up_block_types, (std::vector<std::string>{"AttnUpDecoderBlock2D", "AttnUpDecoderBlock2D",
                                                             "UpDecoderBlock2D", "UpDecoderBlock2D"}));
}

TEST(LdmVaeConfig, UnsupportedSettingsNameTheKey) {
  const std::vector<std::pair<std::string, nlohmann::json>> cases = {
      {"ddconfig.z_channels", {{"z_channels", 8}}},
      {"ddconfig.double_z", {{"double_z", false}}},
      {"ddconfig.ch_mult", {{"ch_mult", {2, 4}}}},
      {"ddconfig.tanh_out", {{"tanh_out", true}}},
      {"ddconfig.attn_type", {{"attn_type", "linear"}}},
  };
  for (const auto& [key, change] : cases) {
    nlohmann::json params = lvdmParams();
    params["ddconfig"].update(change);
    try {
      autoencoderKLConfigFromLdm(params, "first_stage_config");
      ADD_FAILURE() << key << " was accepted";
    } catch (const aicl::Error& e) {
      EXPECT_NE(std::string(e.what()).find("first_stage_config: key '" + key + "'"), std::string::npos) << e.what();
    }
  }
  nlohmann::json no_embed_dim = lvdmParams();
  no_embed_dim.erase("embed_dim");
  EXPECT_THROW(autoencoderKLConfigFromLdm(no_embed_dim, "params"), aicl::Error);
}

}  // namespace
}  // namespace aicl::vae
