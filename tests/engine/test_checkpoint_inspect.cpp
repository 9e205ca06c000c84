// The parts of an LVDM / EchoReel checkpoint found from its weight names: every key of the released model's
// manifest falls in the part the manifest gives it, and a checkpoint file is summarised per part.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "aicl/checkpoint_inspect.h"
#include "aicl/error.h"
#include "fixtures.h"

namespace {

const aicl::ComponentInfo* component(const aicl::ModelInfo& info, const std::string& name) {
  for (const auto& part : info.components)
    if (part.name == name) return &part;
  return nullptr;
}

}  // namespace

TEST(CheckpointInspect, EveryManifestKeyFallsInItsPart) {
  int checked = 0;
  for (const auto& fixture : aicl::test::fixturesOfKind("key_manifest")) {
    std::ifstream keys(fixture.dir / "keys.tsv");
    std::string line;
    if (!std::getline(keys, line) || line.find("\tpart") == std::string::npos) continue;  // no part column
    while (std::getline(keys, line)) {
      std::istringstream row(line);
      std::string key, dtype, shape, numel, part;
      std::getline(row, key, '\t');
      std::getline(row, dtype, '\t');
      std::getline(row, shape, '\t');
      std::getline(row, numel, '\t');
      std::getline(row, part, '\t');
      EXPECT_EQ(aicl::checkpointPartName(aicl::checkpointPartOf(key)), part) << fixture.name << ": " << key;
      ++checked;
    }
  }
  if (checked == 0) GTEST_SKIP() << "no key_manifest fixture with a part column (manifest_echoreel)";
  EXPECT_GT(checked, 2000);
}

TEST(CheckpointInspect, WrapperPrefixesAreDropped) {
  EXPECT_EQ(aicl::withoutWrapperPrefix("_forward_module.model.diffusion_model.out.2.weight"),
            "model.diffusion_model.out.2.weight");
  EXPECT_EQ(aicl::withoutWrapperPrefix("module.first_stage_model.quant_conv.weight"), "first_stage_model.quant_conv.weight");
  EXPECT_EQ(aicl::withoutWrapperPrefix("model.diffusion_model.out.2.weight"), "model.diffusion_model.out.2.weight");
}

TEST(CheckpointInspect, ADeepSpeedCheckpointIsSummarisedPerPart) {
  const auto fixtures = aicl::test::fixturesOfKind("torch_pickle");
  if (fixtures.empty()) GTEST_SKIP() << "no torch_pickle fixture (torch_checkpoints)";
  const auto& dir = fixtures.front().dir;
  std::ifstream in(dir / "cases.json");
  const auto cases = nlohmann::json::parse(in);
  // The expected count, from the case's own tensor list.
  int64_t unet_parameters = 0;
  for (const auto& [name, tensor] : cases["files"]["deepspeed_style.pt"]["tensors"].items()) {
    if (name.rfind("_forward_module.model.diffusion_model.", 0) != 0) continue;
    int64_t numel = 1;
    for (const auto& size : tensor["shape"]) numel *= size.get<int64_t>();
    unet_parameters += numel;
  }
  ASSERT_GT(unet_parameters, 0);
  const auto info = aicl::inspectCheckpointFile(dir / "deepspeed_style.pt");
  const auto* unet = component(info, "unet_base");
  ASSERT_NE(unet, nullptr);
  EXPECT_EQ(unet->parameters, unet_parameters);
  EXPECT_NE(unet->architecture.find("LVDM UNet"), std::string::npos);
  ASSERT_NE(component(info, "other"), nullptr);  // model.shared.*, model.tied.*: not a part of the model
  EXPECT_FALSE(info.has_adapter);
}

TEST(CheckpointInspect, AHostileCheckpointIsReadAsDataAndABrokenOneIsRefused) {
  const auto fixtures = aicl::test::fixturesOfKind("torch_pickle");
  if (fixtures.empty()) GTEST_SKIP() << "no torch_pickle fixture (torch_checkpoints)";
  const auto& dir = fixtures.front().dir;
  EXPECT_NO_THROW(aicl::inspectCheckpointFile(dir / "malicious_os_system.pt"));  // nothing is executed
  try {
    aicl::inspectCheckpointFile(dir / "truncated_zip.pt");
    FAIL() << "a truncated checkpoint was accepted";
  } catch (const aicl::Error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated_zip.pt"), std::string::npos) << e.what();
  }
}
