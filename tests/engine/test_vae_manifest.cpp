// The AutoencoderKL built from the real ModelScope (SD 2.x) VAE config has exactly the parameter names and shapes
// of diffusers' state dict (fixture kind "key_manifest": vae_config.json + vae_keys.tsv).
// The model is built for real in float32 (about 335 MB): LibTorch modules allocate in their constructors.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "fixtures.h"
#include "vae/autoencoder_kl.h"

namespace aicl::vae {
namespace {

struct ManifestEntry {
  std::string key;
  std::vector<int64_t> shape;
};

std::vector<ManifestEntry> readManifest(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<ManifestEntry> entries;
  std::string line;
  std::getline(in, line);  // header: key dtype shape numel
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string key, dtype, shape_text;
    std::getline(fields, key, '\t');
    std::getline(fields, dtype, '\t');
    std::getline(fields, shape_text, '\t');
    ManifestEntry entry{key, {}};
    std::istringstream dims(shape_text);
    for (std::string dim; std::getline(dims, dim, ',');) entry.shape.push_back(std::stoll(dim));
    entries.push_back(entry);
  }
  return entries;
}

TEST(VaeManifest, ParameterNamesAndShapesEqualDiffusers) {
  const auto manifests = aicl::test::fixturesOfKind("key_manifest");
  if (manifests.empty()) GTEST_SKIP() << "no fixture of kind key_manifest";
  int checked = 0;
  for (const auto& fixture : manifests) {
    if (!std::filesystem::exists(fixture.dir / "vae_keys.tsv")) continue;
    SCOPED_TRACE(fixture.name);
    ++checked;
    const auto expected = readManifest(fixture.dir / "vae_keys.tsv");
    ASSERT_FALSE(expected.empty());

    torch::NoGradGuard no_grad;
    AutoencoderKL model(AutoencoderKLConfig::fromJson(fixture.dir / "vae_config.json"));
    const auto parameters = model->named_parameters();
    EXPECT_EQ(model->named_buffers().size(), 0u);

    std::map<std::string, std::vector<int64_t>> actual;
    std::vector<std::string> actual_order;
    int64_t total = 0;
    for (const auto& item : parameters) {
      actual[item.key()] = item.value().sizes().vec();
      actual_order.push_back(item.key());
      total += item.value().numel();
    }
    int64_t expected_total = 0;
    std::vector<std::string> expected_order;
    for (const auto& entry : expected) {
      expected_order.push_back(entry.key);
      expected_total += std::accumulate(entry.shape.begin(), entry.shape.end(), int64_t{1}, std::multiplies<>());
      auto it = actual.find(entry.key);
      if (it == actual.end()) {
        ADD_FAILURE() << "missing parameter " << entry.key;
        continue;
      }
      EXPECT_EQ(it->second, entry.shape) << entry.key;
    }
    for (const auto& [key, shape] : actual) {
      bool known = std::any_of(expected.begin(), expected.end(), [&](const auto& e) { return e.key == key; });
      EXPECT_TRUE(known) << "unexpected parameter " << key;
    }
    EXPECT_EQ(actual.size(), expected.size());
    EXPECT_EQ(total, expected_total);
    // Registration follows diffusers, so even the order of state_dict() agrees.
    EXPECT_EQ(actual_order, expected_order);
    if (fixture.name == "manifest_modelscope") {
      EXPECT_EQ(parameters.size(), 248u);
      EXPECT_EQ(total, 83653863);
    }
  }
  if (checked == 0) GTEST_SKIP() << "no key_manifest fixture with vae_keys.tsv";
}

}  // namespace
}  // namespace aicl::vae
