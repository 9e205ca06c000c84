// Building the released EchoReel model (the LVDM UNet with the Action Prism and the Action Integration, LVDM's VAE
// and the CLIP text encoder) from the configs of manifest_echoreel gives exactly its parameter names and shapes,
// without allocating its 6.4 GB: the modules are constructed with the Meta backend in the dispatch (as
// test_unet_manifest does for ModelScope).
#include <gtest/gtest.h>

#include <c10/core/impl/LocalDispatchKeySet.h>

#include <fstream>
#include <map>
#include <optional>

#include "echoreel/lvdm_unet.h"
#include "fixtures.h"
#include "key_manifest.h"
#include "text/clip_text_model.h"
#include "vae/autoencoder_kl.h"
#include "vae/ldm_vae_config.h"
#include "vae/ldm_vae_weights.h"

namespace {

constexpr const char* kUNetPrefix = "model.diffusion_model.";

using Shapes = std::map<std::string, std::vector<int64_t>>;

// One part's rows of keys.tsv (key without the part's prefix -> shape).
Shapes partRows(const std::filesystem::path& tsv_path, const std::string& prefix) {
  Shapes rows;
  for (const auto& entry : aicl::test::readKeyManifest(tsv_path))
    if (entry.key.rfind(prefix, 0) == 0) rows[entry.key.substr(prefix.size())] = entry.shape;
  return rows;
}

Shapes moduleShapes(const torch::nn::Module& module) {
  Shapes shapes;
  for (const auto& item : module.named_parameters()) shapes[item.key()] = item.value().sizes().vec();
  for (const auto& item : module.named_buffers()) shapes[item.key()] = item.value().sizes().vec();
  return shapes;
}

void expectSameShapes(const Shapes& actual, const Shapes& expected) {
  for (const auto& [key, shape] : expected) {
    const auto it = actual.find(key);
    if (it == actual.end()) ADD_FAILURE() << "missing " << key;
    else EXPECT_EQ(it->second, shape) << key;
  }
  for (const auto& [key, shape] : actual)
    if (!expected.count(key)) ADD_FAILURE() << "not in the checkpoint: " << key;
}

// The released model's summary.json, when `fixture` is the EchoReel manifest.
std::optional<nlohmann::json> echoReelSummary(const aicl::test::FixtureFolder& fixture) {
  const auto path = fixture.dir / "summary.json";
  if (!std::filesystem::exists(path)) return std::nullopt;
  std::ifstream in(path);
  auto summary = nlohmann::json::parse(in);
  if (!summary.contains("unet_config") || !summary["unet_config"].value("video_inject", false)) return std::nullopt;
  return summary;
}

}  // namespace

TEST(EchoReelManifest, TheReleasedDenoiserHasEveryTensorOfTheCheckpoint) {
  int checked = 0;
  for (const auto& fixture : aicl::test::fixturesOfKind("key_manifest")) {
    const auto summary = echoReelSummary(fixture);
    if (!summary) continue;
    SCOPED_TRACE(fixture.name);
    // The released config; the Action Prism and inject sizes are the ones the released code hard-codes.
    const auto config = aicl::echoreel::LvdmUNetConfig::fromJson({{"unet_constructor", (*summary)["unet_config"]}},
                                                                 fixture.dir / "summary.json");
    c10::impl::IncludeDispatchKeyGuard meta(c10::DispatchKey::Meta);
    aicl::echoreel::LvdmUNet model(config);
    int64_t numel = 0;
    for (const auto& item : model->named_parameters()) numel += item.value().numel();
    EXPECT_LT(aicl::test::residentBytes(), 1ll << 30);  // the float32 denoiser is 6.4 GB

    const auto expected = partRows(fixture.dir / "keys.tsv", kUNetPrefix);
    expectSameShapes(moduleShapes(*model), expected);
    EXPECT_EQ(expected.size(), 974u + 1024u + 256u);  // base UNet, Action Prism, inject layers
    EXPECT_EQ(numel, (*summary)["unet_total_numel"].get<int64_t>());
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no key_manifest fixture of an EchoReel model (manifest_echoreel)";
}

// The other two parts of checkpoint.pt: LVDM's VAE through the name table, and the CLIP ViT-L/14 text encoder
// (cond_stage_model.transformer.), built shape-only from the released configs.
TEST(EchoReelManifest, TheVaeAndTheTextEncoderHaveEveryTensorOfTheCheckpoint) {
  int checked = 0;
  for (const auto& fixture : aicl::test::fixturesOfKind("key_manifest")) {
    const auto summary = echoReelSummary(fixture);
    if (!summary) continue;
    SCOPED_TRACE(fixture.name);
    const auto tsv = fixture.dir / "keys.tsv";
    c10::impl::IncludeDispatchKeyGuard meta(c10::DispatchKey::Meta);

    const auto& first_stage = (*summary)["first_stage_config"];
    aicl::vae::AutoencoderKL vae(aicl::vae::autoencoderKLConfigFromLdm(first_stage, "summary.json"));
    std::map<std::string, torch::Tensor> ldm;  // the checkpoint's VAE as shapes only, renamed by the table
    for (const auto& [key, shape] : partRows(tsv, "first_stage_model."))
      ldm[key] = torch::empty(shape, torch::TensorOptions().device(torch::kMeta));
    Shapes renamed;
    const int64_t levels = static_cast<int64_t>(first_stage["ddconfig"]["ch_mult"].size());
    for (const auto& [key, tensor] : aicl::vae::autoencoderKLStateFromLdm(ldm, levels, "keys.tsv"))
      renamed[key] = tensor.sizes().vec();
    EXPECT_EQ(ldm.size(), 248u);
    expectSameShapes(moduleShapes(*vae), renamed);

    const auto& clip = (*summary)["cond_stage"]["config"];
    aicl::text::ClipTextConfig text_config;
    text_config.vocab_size = clip["vocab_size"];
    text_config.hidden_size = clip["hidden_size"];
    text_config.intermediate_size = clip["intermediate_size"];
    text_config.num_attention_heads = clip["num_attention_heads"];
    text_config.num_hidden_layers = clip["num_hidden_layers"];
    text_config.max_position_embeddings = clip["max_position_embeddings"];
    aicl::text::ClipTextModel text_encoder(text_config);
    Shapes text_rows;  // HF's position_ids buffer is recomputed by the model, not loaded
    for (const auto& [key, shape] : partRows(tsv, "cond_stage_model.transformer."))
      if (key.find("position_ids") == std::string::npos) text_rows[key] = shape;
    Shapes text_module;
    for (const auto& [key, shape] : moduleShapes(*text_encoder))
      text_module[key.rfind("text_model.", 0) == 0 ? key : "text_model." + key] = shape;
    EXPECT_EQ(text_rows.size(), 196u);
    expectSameShapes(text_module, text_rows);
    EXPECT_LT(aicl::test::residentBytes(), 1ll << 30);
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no key_manifest fixture of an EchoReel model (manifest_echoreel)";
}
