// Building the released EchoReel denoiser (LVDM UNet with the Action Prism and the Action Integration) from the
// config of manifest_echoreel gives exactly its parameter names and shapes, without allocating its 6.4 GB: the
// modules are constructed with the Meta backend in the dispatch (as test_unet_manifest does for ModelScope).
#include <gtest/gtest.h>

#include <c10/core/impl/LocalDispatchKeySet.h>

#include <fstream>
#include <map>

#include "echoreel/lvdm_unet.h"
#include "fixtures.h"
#include "key_manifest.h"

namespace {

constexpr const char* kUNetPrefix = "model.diffusion_model.";

// The UNet's rows of keys.tsv (key without the LatentDiffusion prefix -> shape).
std::map<std::string, std::vector<int64_t>> unetRows(const std::filesystem::path& tsv_path) {
  std::map<std::string, std::vector<int64_t>> rows;
  for (const auto& entry : aicl::test::readKeyManifest(tsv_path))
    if (entry.key.rfind(kUNetPrefix, 0) == 0) rows[entry.key.substr(std::string(kUNetPrefix).size())] = entry.shape;
  return rows;
}

}  // namespace

TEST(EchoReelManifest, TheReleasedDenoiserHasEveryTensorOfTheCheckpoint) {
  int checked = 0;
  for (const auto& fixture : aicl::test::fixturesOfKind("key_manifest")) {
    const auto summary_path = fixture.dir / "summary.json";
    if (!std::filesystem::exists(summary_path)) continue;
    std::ifstream in(summary_path);
    const auto summary = nlohmann::json::parse(in);
    if (!summary.contains("unet_config") || !summary["unet_config"].value("video_inject", false)) continue;
    SCOPED_TRACE(fixture.name);
    // The released config; the Action Prism and inject sizes are the ones the released code hard-codes.
    const auto config =
        aicl::echoreel::LvdmUNetConfig::fromJson({{"unet_constructor", summary["unet_config"]}}, summary_path);
    c10::impl::IncludeDispatchKeyGuard meta(c10::DispatchKey::Meta);
    aicl::echoreel::LvdmUNet model(config);
    std::map<std::string, std::vector<int64_t>> actual;
    int64_t numel = 0;
    for (const auto& item : model->named_parameters()) {
      actual[item.key()] = item.value().sizes().vec();
      numel += item.value().numel();
    }
    for (const auto& item : model->named_buffers()) actual[item.key()] = item.value().sizes().vec();
    EXPECT_LT(aicl::test::residentBytes(), 1ll << 30);  // the float32 denoiser is 6.4 GB

    const auto expected = unetRows(fixture.dir / "keys.tsv");
    for (const auto& [key, shape] : expected) {
      const auto it = actual.find(key);
      if (it == actual.end()) {
        ADD_FAILURE() << "missing " << key;
        continue;
      }
      EXPECT_EQ(it->second, shape) << key;
    }
    for (const auto& [key, shape] : actual)
      if (!expected.count(key)) ADD_FAILURE() << "not in the checkpoint: " << key;
    EXPECT_EQ(expected.size(), 974u + 1024u + 256u);  // base UNet, Action Prism, inject layers
    EXPECT_EQ(numel, summary["unet_total_numel"].get<int64_t>());
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no key_manifest fixture of an EchoReel model (manifest_echoreel)";
}
