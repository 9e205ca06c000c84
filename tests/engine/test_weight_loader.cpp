// safetensors <-> torch::Tensor and strict by-name loading into torch::nn modules.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "aicl/error.h"
#include "io/weight_loader.h"
#include "test_paths.h"

namespace aicl {
namespace {

// Keys: proj.weight [3, 4], proj.bias [3], blocks.0.weight [5, 2, 3, 3], blocks.0.bias [5], scale [3].
struct TinyNetImpl : torch::nn::Module {
  TinyNetImpl() {
    proj = register_module("proj", torch::nn::Linear(4, 3));
    blocks = register_module("blocks", torch::nn::ModuleList());
    blocks->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(2, 5, 3)));
    scale = register_buffer("scale", torch::rand({3}));
  }
  torch::nn::Linear proj{nullptr};
  torch::nn::ModuleList blocks{nullptr};
  torch::Tensor scale;
};
TORCH_MODULE(TinyNet);

std::map<std::string, torch::Tensor> stateOf(const torch::nn::Module& module) {
  std::map<std::string, torch::Tensor> state;
  for (const auto& item : module.named_parameters()) state[item.key()] = item.value().detach().clone();
  for (const auto& item : module.named_buffers()) state[item.key()] = item.value().detach().clone();
  return state;
}

bool sameState(const std::map<std::string, torch::Tensor>& a, const std::map<std::string, torch::Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [name, tensor] : a) {
    const auto it = b.find(name);
    if (it == b.end() || !torch::equal(tensor, it->second)) return false;
  }
  return true;
}

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(WeightLoader, StrictRoundTripThroughAModule) {
  const auto path = test::scratchDir("loader_round_trip") / "tiny.safetensors";
  TinyNet source, target;
  saveModuleWeights(*source, path, {{"format", "pt"}});
  ASSERT_FALSE(sameState(stateOf(*source), stateOf(*target)));
  const LoadReport report = loadModuleWeights(*target, {path});
  EXPECT_EQ(report.loaded, 5u);
  EXPECT_TRUE(report.missing.empty() && report.unexpected.empty() && report.mismatched.empty());
  EXPECT_TRUE(sameState(stateOf(*source), stateOf(*target)));
  EXPECT_TRUE(target->proj->weight.requires_grad());
  EXPECT_EQ(SafetensorsFile(path).metadata().at("format"), "pt");
}

TEST(WeightLoader, ListsEveryProblemAtOnceAndLeavesTheModuleUntouched) {
  const auto path = test::scratchDir("loader_mismatch") / "broken.safetensors";
  TinyNet source, target;
  auto tensors = stateOf(*source);
  tensors.erase("proj.bias");
  tensors["extra.weight"] = torch::zeros({2});
  tensors["blocks.0.weight"] = torch::zeros({5, 3, 3, 3});
  saveTensors(path, tensors);
  const auto before = stateOf(*target);

  const std::string message = errorOf([&] { loadModuleWeights(*target, {path}); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("1 missing, 1 unexpected, 1 with the wrong shape"), std::string::npos) << message;
  EXPECT_NE(message.find("missing: proj.bias"), std::string::npos) << message;
  EXPECT_NE(message.find("unexpected: extra.weight"), std::string::npos) << message;
  EXPECT_NE(message.find("wrong shape for blocks.0.weight: got [5, 3, 3, 3], expected [5, 2, 3, 3]"),
            std::string::npos)
      << message;
  EXPECT_TRUE(sameState(before, stateOf(*target))) << "a failed load changed the module";

  // Non-strict: the matching tensors load, the rest is reported.
  LoadOptions lenient;
  lenient.strict = false;
  const LoadReport report = loadModuleWeights(*target, {path}, lenient);
  EXPECT_EQ(report.missing, std::vector<std::string>{"proj.bias"});
  EXPECT_EQ(report.unexpected, std::vector<std::string>{"extra.weight"});
  ASSERT_EQ(report.mismatched.size(), 1u);
  EXPECT_EQ(report.loaded, 3u);
  EXPECT_TRUE(torch::equal(target->proj->weight, source->proj->weight));
  EXPECT_TRUE(torch::equal(target->scale, source->scale));
  EXPECT_TRUE(torch::equal(target->proj->bias, before.at("proj.bias")));
  EXPECT_TRUE(
      torch::equal(target->blocks->ptr<torch::nn::Conv2dImpl>(0)->weight, before.at("blocks.0.weight")));
}

TEST(WeightLoader, ConvertsToTheModuleDtype) {
  const auto dir = test::scratchDir("loader_dtype");
  TinyNet source, target;
  std::map<std::string, torch::Tensor> half;
  for (const auto& [name, tensor] : stateOf(*source)) half[name] = tensor.to(torch::kHalf);
  saveTensors(dir / "fp16.safetensors", half);
  EXPECT_EQ(SafetensorsFile(dir / "fp16.safetensors").at("proj.weight").dtype, DType::F16);

  loadModuleWeights(*target, {dir / "fp16.safetensors"});
  EXPECT_EQ(target->proj->weight.scalar_type(), torch::kFloat32);
  EXPECT_TRUE(torch::equal(target->proj->weight, half.at("proj.weight").to(torch::kFloat32)));
  EXPECT_TRUE(torch::allclose(target->proj->weight, source->proj->weight, 1e-3, 1e-3));

  // And the other way: a float32 file into a bfloat16 module.
  saveModuleWeights(*source, dir / "fp32.safetensors");
  TinyNet bf16;
  bf16->to(torch::kBFloat16);
  loadModuleWeights(*bf16, {dir / "fp32.safetensors"});
  EXPECT_EQ(bf16->blocks->ptr<torch::nn::Conv2dImpl>(0)->weight.scalar_type(), torch::kBFloat16);
  EXPECT_TRUE(torch::equal(bf16->scale, source->scale.to(torch::kBFloat16)));
}

TEST(WeightLoader, RenamesKeysWithPrefixMapThenKeyMap) {
  const auto path = test::scratchDir("loader_rename") / "renamed.safetensors";
  TinyNet source, target;
  std::map<std::string, torch::Tensor> renamed;
  for (const auto& [name, tensor] : stateOf(*source)) renamed["model.net." + name] = tensor;
  renamed["legacy_scale"] = renamed.at("model.net.scale");
  renamed.erase("model.net.scale");
  renamed["model.net.old_bias"] = renamed.at("model.net.proj.bias");  // key_map sees the prefix-renamed key
  renamed.erase("model.net.proj.bias");
  saveTensors(path, renamed);

  EXPECT_NE(errorOf([&] { loadModuleWeights(*target, {path}); }).find("5 missing, 5 unexpected"),
            std::string::npos);
  LoadOptions options;
  options.prefix_map = {{"model.other.", "x."}, {"model.net.", ""}};
  options.key_map = {{"legacy_scale", "scale"}, {"old_bias", "proj.bias"}};
  EXPECT_EQ(loadModuleWeights(*target, {path}, options).loaded, 5u);
  EXPECT_TRUE(sameState(stateOf(*source), stateOf(*target)));
}

TEST(WeightLoader, LoadsShardedCheckpoints) {
  const auto dir = test::scratchDir("loader_sharded");
  TinyNet source, target;
  std::map<std::string, torch::Tensor> first, second;
  for (const auto& [name, tensor] : stateOf(*source))
    (name.rfind("proj.", 0) == 0 ? first : second)[name] = tensor;
  saveTensors(dir / "model-00001-of-00002.safetensors", first);
  saveTensors(dir / "model-00002-of-00002.safetensors", second);
  const std::vector<std::filesystem::path> shards{dir / "model-00001-of-00002.safetensors",
                                                  dir / "model-00002-of-00002.safetensors"};
  EXPECT_EQ(loadModuleWeights(*target, shards).loaded, 5u);
  EXPECT_TRUE(sameState(stateOf(*source), stateOf(*target)));

  // One shard alone: the other half is missing, and the message names the file.
  const std::string message = errorOf([&] { loadModuleWeights(*target, {shards[0]}); });
  EXPECT_NE(message.find(shards[0].string() + ": weights do not match the module (3 missing"),
            std::string::npos)
      << message;
  // A key in two shards is ambiguous.
  saveTensors(dir / "again.safetensors", {{"scale", torch::zeros({3})}});
  const std::string twice = errorOf([&] {
    loadModuleWeights(*target, {shards[1], dir / "again.safetensors"});
  });
  EXPECT_NE(twice.find("two tensors provide 'scale'"), std::string::npos) << twice;
  EXPECT_NE(twice.find("again.safetensors"), std::string::npos) << twice;
  EXPECT_THROW(loadModuleWeights(*target, {}), Error);
  EXPECT_THROW(loadModuleWeights(*target, {dir / "absent.safetensors"}), Error);
}

TEST(WeightLoader, TensorsOfEveryDtypeRoundTrip) {
  const auto path = test::scratchDir("loader_tensors") / "all.safetensors";
  std::map<std::string, torch::Tensor> tensors;
  const auto base = torch::tensor({-2.5, 0.0, 1.0, 3.0, 100.0, 0.5}, torch::kFloat64).reshape({2, 3});
  for (auto dtype : {torch::kFloat64, torch::kFloat32, torch::kFloat16, torch::kBFloat16, torch::kInt64,
                     torch::kInt32, torch::kInt16, torch::kInt8, torch::kUInt8, torch::kBool}) {
    const auto values = dtype == torch::kUInt8 ? base.abs() : base;
    tensors[c10::toString(dtype)] = values.to(dtype);
  }
  tensors["transposed"] = torch::arange(6, torch::kFloat32).reshape({2, 3}).t();  // not contiguous
  saveTensors(path, tensors);
  const auto loaded = loadTensors(path);
  ASSERT_EQ(loaded.size(), tensors.size());
  for (const auto& [name, tensor] : tensors) {
    EXPECT_EQ(loaded.at(name).scalar_type(), tensor.scalar_type()) << name;
    EXPECT_TRUE(torch::equal(loaded.at(name), tensor)) << name;
  }
  const SafetensorsFile file(path);
  EXPECT_EQ(file.at("BFloat16").dtype, DType::BF16);
  const auto as_float = tensorFromView(file.at("Half"), torch::kFloat32);
  EXPECT_EQ(as_float.scalar_type(), torch::kFloat32);
  EXPECT_EQ(as_float[1][1].item<float>(), 100.0f);

  const std::string message = errorOf([&] {
    saveTensors(path, {{"c", torch::zeros({2}, torch::kComplexFloat)}});
  });
  EXPECT_NE(message.find("tensor 'c': torch dtype ComplexFloat has no safetensors equivalent"),
            std::string::npos)
      << message;
}

TEST(WeightLoader, BoolBytesOtherThanZeroAndOneReadAsTrue) {
  const uint8_t bytes[] = {0, 1, 2, 255};
  const auto path = test::scratchDir("loader_bool") / "mask.safetensors";
  writeSafetensors(path, {{"mask", DType::BOOL, {4}, bytes, 4}});
  const auto mask = loadTensors(path).at("mask");
  EXPECT_EQ(mask.scalar_type(), torch::kBool);
  EXPECT_EQ(mask.sum().item<int64_t>(), 3);
  EXPECT_TRUE(torch::equal(mask.to(torch::kUInt8), torch::tensor({0, 1, 1, 1}, torch::kUInt8)));
}

TEST(WeightLoader, ReadsFixtureWeightsAsTensors) {
  const auto path = test::sharedDir() / "fixtures" / "vae_tiny" / "weights.safetensors";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  const auto tensors = loadTensors(path);
  EXPECT_EQ(tensors.size(), SafetensorsFile(path).tensors().size());
  const auto& weight = tensors.at("decoder.conv_in.weight");
  EXPECT_EQ(weight.sizes(), (std::vector<int64_t>{64, 4, 3, 3}));
  EXPECT_TRUE(torch::isfinite(weight).all().item<bool>());
  EXPECT_GT(weight.abs().sum().item<double>(), 0.0);
  int64_t parameters = 0;
  for (const auto& [name, tensor] : tensors) parameters += tensor.numel();
  EXPECT_EQ(parameters, 658375);  // vae_tiny/README.md
}

}  // namespace
}  // namespace aicl
