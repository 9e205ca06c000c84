// DDIM and DPM-Solver++ against diffusers' reference values (fixtures of kind "schedulers"), plus the config
// reader, guidance, prediction-type conversions and seeded noise.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>

#include "fixtures.h"
#include "sampling/guidance.h"
#include "sampling/noise.h"
#include "sampling/scheduler.h"
#include "tensor_testing.h"

namespace aicl {
namespace {

using test::relativeL2;
using test::tensorsClose;

// The fixtures hold only F32 tensors; a few lines instead of depending on the weight loader.
std::map<std::string, torch::Tensor> readF32Safetensors(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  uint64_t header_size = 0;
  in.read(reinterpret_cast<char*>(&header_size), 8);
  std::string header(header_size, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_size));
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::map<std::string, torch::Tensor> tensors;
  const auto entries = nlohmann::json::parse(header);
  for (const auto& [name, info] : entries.items()) {
    if (name == "__metadata__") continue;
    EXPECT_EQ(info.at("dtype"), "F32") << path << ": " << name;
    const auto begin = info.at("data_offsets")[0].get<size_t>(),
               end = info.at("data_offsets")[1].get<size_t>();
    auto tensor = torch::empty(info.at("shape").get<std::vector<int64_t>>(), torch::kFloat32);
    EXPECT_EQ(static_cast<size_t>(tensor.numel()) * 4, end - begin) << path << ": " << name;
    std::memcpy(tensor.data_ptr<float>(), data.data() + begin, end - begin);
    tensors[name] = tensor;
  }
  return tensors;
}

struct SchedulerFixture {
  std::filesystem::path dir;
  nlohmann::json reference;
  std::map<std::string, SchedulerConfig> configs;  // "ddim", "dpm", "dpm_leading"
  std::map<std::string, torch::Tensor> inputs, outputs;
};

std::vector<SchedulerFixture> loadFixtures() {
  std::vector<SchedulerFixture> fixtures;
  for (const auto& folder : test::fixturesOfKind("schedulers")) {
    SchedulerFixture f;
    f.dir = folder.dir;
    f.reference = readConfigJson(folder.dir / "reference.json");
    const auto all_configs = readConfigJson(folder.dir / "config.json");
    for (const auto& [name, config] : all_configs.items())
      f.configs[name] = SchedulerConfig::fromJson(config, (folder.dir / "config.json").string() + "#" + name);
    f.inputs = readF32Safetensors(folder.dir / "inputs.safetensors");
    f.outputs = readF32Safetensors(folder.dir / "outputs.safetensors");
    fixtures.push_back(std::move(f));
  }
  return fixtures;
}

const std::vector<SchedulerFixture>& fixtures() {
  static const auto loaded = loadFixtures();
  return loaded;
}

#define REQUIRE_FIXTURES() \
  if (fixtures().empty()) GTEST_SKIP() << "no fixture of kind 'schedulers' under " << test::sharedDir()

// Records every fixture comparison, so the worst error is reported at the end.
double g_worst_error = 0.0;
std::string g_worst_name;
int g_comparisons = 0;
void expectClose(const torch::Tensor& actual, const torch::Tensor& expected, const std::string& name) {
  ASSERT_TRUE(expected.defined()) << name << ": missing reference tensor";
  EXPECT_TRUE(tensorsClose(actual, expected, name, 1e-4));
  const double error = relativeL2(actual, expected);
  ++g_comparisons;
  if (error >= g_worst_error) g_worst_error = error, g_worst_name = name;
}

class WorstErrorReporter : public ::testing::Environment {
 public:
  void TearDown() override {
    std::cout << "[schedulers] worst relative L2 error over " << g_comparisons
              << " fixture comparisons: " << g_worst_error << " (" << g_worst_name << ")\n";
  }
};
const auto* const kReporter = ::testing::AddGlobalTestEnvironment(new WorstErrorReporter);

// ---- Config ----

TEST(SchedulerConfig, LoadsDiffusersConfigFiles) {
  REQUIRE_FIXTURES();
  for (const auto& f : fixtures()) {
    const auto ddim = SchedulerConfig::fromFile(f.dir / "config_ddim.json");
    EXPECT_EQ(ddim.kind, SchedulerKind::Ddim);
    EXPECT_EQ(ddim.num_train_timesteps, 1000);
    EXPECT_DOUBLE_EQ(ddim.beta_start, 0.00085);
    EXPECT_DOUBLE_EQ(ddim.beta_end, 0.012);
    EXPECT_EQ(ddim.beta_schedule, BetaSchedule::ScaledLinear);
    EXPECT_EQ(ddim.prediction_type, PredictionType::Epsilon);
    EXPECT_EQ(ddim.timestep_spacing, TimestepSpacing::Leading);
    EXPECT_EQ(ddim.steps_offset, 1);
    EXPECT_FALSE(ddim.set_alpha_to_one);
    EXPECT_FALSE(ddim.clip_sample);
    EXPECT_TRUE(ddim.trained_betas.empty());

    const auto dpm = SchedulerConfig::fromFile(f.dir / "config_dpm.json");
    EXPECT_EQ(dpm.kind, SchedulerKind::DpmSolverPP);
    EXPECT_EQ(dpm.solver_order, 2);
    EXPECT_EQ(dpm.timestep_spacing, TimestepSpacing::Linspace);
    EXPECT_EQ(dpm.steps_offset, 0);
    EXPECT_TRUE(dpm.lower_order_final);
    EXPECT_EQ(dpm.final_sigmas_type, FinalSigmas::Zero);
    EXPECT_TRUE(std::isinf(dpm.lambda_min_clipped) && dpm.lambda_min_clipped < 0);  // written as -Infinity

    // DPMSolverMultistepScheduler.from_config(ddim.config): the keys written in the file carry over.
    const auto retargeted = ddim.as(SchedulerKind::DpmSolverPP);
    EXPECT_EQ(retargeted.kind, SchedulerKind::DpmSolverPP);
    EXPECT_EQ(retargeted.timestep_spacing, TimestepSpacing::Leading);
    EXPECT_EQ(retargeted.steps_offset, 1);
    EXPECT_EQ(retargeted.solver_order, 2);
  }
}

TEST(SchedulerConfig, DefaultsDependOnTheClass) {
  const nlohmann::json bare = {{"beta_schedule", "scaled_linear"}};
  EXPECT_EQ(SchedulerConfig::fromJson(bare, "a", SchedulerKind::Ddim).timestep_spacing,
            TimestepSpacing::Leading);
  const auto dpm = SchedulerConfig::fromJson(bare, "b", SchedulerKind::DpmSolverPP);
  EXPECT_EQ(dpm.timestep_spacing, TimestepSpacing::Linspace);
  EXPECT_EQ(dpm.beta_schedule, BetaSchedule::ScaledLinear);
  // A key left at DDIM's default takes DPM-Solver's default when converted.
  nlohmann::json ddim_file = {{"_class_name", "DDIMScheduler"}, {"steps_offset", 1}};
  const auto converted = SchedulerConfig::fromJson(ddim_file, "c").as(SchedulerKind::DpmSolverPP);
  EXPECT_EQ(converted.timestep_spacing, TimestepSpacing::Linspace);
  EXPECT_EQ(converted.steps_offset, 1);
}

TEST(SchedulerConfig, MalformedConfigNamesFileAndKey) {
  const auto dir = test::scratchDir("scheduler_config");
  const auto expectError = [&](const std::string& file, const std::string& text, const std::string& key) {
    const auto path = dir / file;
    std::ofstream(path) << text;
    try {
      SchedulerConfig::fromFile(path);
      ADD_FAILURE() << file << ": no error";
    } catch (const Error& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(path.string()), std::string::npos) << message;
      EXPECT_NE(message.find(key), std::string::npos) << message;
    }
  };
  expectError("schedule.json", R"({"_class_name": "DDIMScheduler", "beta_schedule": "cubic"})",
              "'beta_schedule'");
  expectError("type.json", R"({"_class_name": "DDIMScheduler", "num_train_timesteps": "many"})",
              "'num_train_timesteps'");
  expectError("class.json", R"({"_class_name": "EulerDiscreteScheduler"})", "'_class_name'");
  expectError("noclass.json", R"({"beta_start": 0.001})", "'_class_name'");
  expectError("spacing.json", R"({"_class_name": "DDIMScheduler", "timestep_spacing": 3})",
              "'timestep_spacing'");
  expectError("order.json", R"({"_class_name": "DPMSolverMultistepScheduler", "solver_order": 3})",
              "'solver_order'");
  expectError("karras.json", R"({"_class_name": "DPMSolverMultistepScheduler", "use_karras_sigmas": true})",
              "'use_karras_sigmas'");
  expectError("algo.json",
              R"({"_class_name": "DPMSolverMultistepScheduler", "algorithm_type": "sde-dpmsolver"})",
              "'algorithm_type'");
  expectError("betas.json", R"({"_class_name": "DDIMScheduler", "trained_betas": [0.1, 0.2]})",
              "'trained_betas'");
  expectError("correlation.json", R"({"_class_name": "DDIMScheduler", "frame_noise_correlation": 1.0})",
              "'frame_noise_correlation'");
  expectError("broken.json", R"({"_class_name": "DDIMScheduler", )", "malformed JSON");
  expectError("absent.json", "", "malformed JSON");
  try {
    SchedulerConfig::fromFile(dir / "missing.json");
    ADD_FAILURE() << "no error for a missing file";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.json"), std::string::npos) << e.what();
  }
}

// ---- Fixture values ----

TEST(Schedulers, TimestepsEqualDiffusers) {
  REQUIRE_FIXTURES();
  int checked = 0;
  for (const auto& f : fixtures()) {
    for (const auto& [name, config] : f.configs) {
      auto scheduler = makeScheduler(config);
      for (int steps : {25, 50}) {
        const std::string key = name + "_timesteps_" + std::to_string(steps);
        if (!f.reference.contains(key)) continue;
        scheduler->setTimesteps(steps);
        EXPECT_EQ(scheduler->timesteps(), f.reference.at(key).get<std::vector<int64_t>>()) << key;
        ++checked;
      }
      EXPECT_EQ(scheduler->initNoiseSigma(), f.reference.at(name + "_init_noise_sigma").get<double>())
          << name;
    }
  }
  EXPECT_GE(checked, 4);
}

TEST(Schedulers, NoiseScheduleAndSigmasMatch) {
  REQUIRE_FIXTURES();
  for (const auto& f : fixtures()) {
    const NoiseSchedule schedule(f.configs.at("ddim"));
    expectClose(schedule.betas, f.outputs.at("ddim.betas"), "ddim.betas");
    expectClose(schedule.alphas_cumprod, f.outputs.at("ddim.alphas_cumprod"), "ddim.alphas_cumprod");
    for (const std::string name : {"dpm", "dpm_leading"}) {
      auto scheduler = makeScheduler(f.configs.at(name));
      scheduler->setTimesteps(25);
      expectClose(torch::tensor(scheduler->sigmas()), f.outputs.at(name + ".sigmas_25"), name + ".sigmas_25");
    }
  }
}

TEST(Schedulers, ThreeStepsMatch) {
  REQUIRE_FIXTURES();
  for (const auto& f : fixtures()) {
    for (const auto& [name, config] : f.configs) {
      auto scheduler = makeScheduler(config);
      scheduler->setTimesteps(25);
      auto x = f.inputs.at("sample_init");
      for (int k = 0; k < 3; ++k) {
        const auto out =
            scheduler->step(f.inputs.at("model_output_" + std::to_string(k)), scheduler->timesteps()[k], x);
        const std::string prefix = name + ".step" + std::to_string(k) + ".";
        expectClose(out.prev_sample, f.outputs.at(prefix + "prev_sample"), prefix + "prev_sample");
        if (f.outputs.count(prefix + "pred_original_sample"))
          expectClose(out.pred_original_sample, f.outputs.at(prefix + "pred_original_sample"),
                      prefix + "pred_original_sample");
        x = out.prev_sample;
      }
    }
  }
}

// The fixture's loop: model output eps = 0.5 * loop_noise + 0.1 * x * (t / 1000).
torch::Tensor fullLoop(Scheduler& scheduler, const torch::Tensor& sample_init,
                       const torch::Tensor& loop_noise) {
  auto x = sample_init * scheduler.initNoiseSigma();
  for (int64_t t : scheduler.timesteps()) {
    const auto eps = loop_noise * 0.5 + (x * 0.1) * static_cast<double>(static_cast<float>(t) / 1000.0f);
    x = scheduler.step(eps, t, scheduler.scaleModelInput(x, t)).prev_sample;
  }
  return x;
}

TEST(Schedulers, FullLoopsMatch) {
  REQUIRE_FIXTURES();
  for (const auto& f : fixtures()) {
    for (const auto& [name, config] : f.configs) {
      auto scheduler = makeScheduler(config);
      scheduler->setTimesteps(25);
      const auto result = fullLoop(*scheduler, f.inputs.at("sample_init"), f.inputs.at("loop_noise"));
      expectClose(result, f.outputs.at(name + ".full_loop_25"), name + ".full_loop_25");
      // A second run on the same object after reset() repeats the first exactly.
      scheduler->reset();
      EXPECT_TRUE(
          torch::equal(fullLoop(*scheduler, f.inputs.at("sample_init"), f.inputs.at("loop_noise")), result))
          << name;
    }
  }
}

TEST(Schedulers, DpmFromDdimFileMatchesDpmLeading) {
  REQUIRE_FIXTURES();
  for (const auto& f : fixtures()) {
    auto scheduler =
        makeScheduler(SchedulerConfig::fromFile(f.dir / "config_ddim.json"), SchedulerKind::DpmSolverPP);
    EXPECT_EQ(scheduler->kind(), SchedulerKind::DpmSolverPP);
    scheduler->setTimesteps(25);
    EXPECT_EQ(scheduler->timesteps(), f.reference.at("dpm_leading_timesteps_25").get<std::vector<int64_t>>());
    expectClose(fullLoop(*scheduler, f.inputs.at("sample_init"), f.inputs.at("loop_noise")),
                f.outputs.at("dpm_leading.full_loop_25"), "from_config(ddim) full_loop_25");
  }
}

// ---- Behaviour beyond the fixtures ----

SchedulerConfig modelScopeConfig(SchedulerKind kind) {
  auto config = SchedulerConfig::defaults(kind);
  config.beta_start = 0.00085;
  config.beta_end = 0.012;
  config.beta_schedule = BetaSchedule::ScaledLinear;
  config.clip_sample = false;
  return config;
}

TEST(Schedulers, OtherSpacingsFollowNumpy) {
  auto config = modelScopeConfig(SchedulerKind::Ddim);
  config.timestep_spacing = TimestepSpacing::Linspace;
  auto ddim = makeScheduler(config);
  ddim->setTimesteps(25);  // numpy rounds half to even: 4 * 41.625 = 166.5 -> 166
  EXPECT_EQ(ddim->timesteps(),
            (std::vector<int64_t>{999, 957, 916, 874, 832, 791, 749, 708, 666, 624, 583, 541, 500,
                                  458, 416, 375, 333, 291, 250, 208, 166, 125, 83,  42,  0}));
  config.timestep_spacing = TimestepSpacing::Trailing;
  ddim = makeScheduler(config);
  ddim->setTimesteps(30);
  EXPECT_EQ(ddim->timesteps(),
            (std::vector<int64_t>{999, 966, 932, 899, 866, 832, 799, 766, 732, 699, 666, 632, 599, 566, 532,
                                  499, 466, 432, 399, 366, 332, 299, 266, 232, 199, 166, 132, 99,  66,  32}));
  config = modelScopeConfig(SchedulerKind::DpmSolverPP);
  config.timestep_spacing = TimestepSpacing::Trailing;
  auto dpm = makeScheduler(config);
  dpm->setTimesteps(4);
  EXPECT_EQ(dpm->timesteps(), (std::vector<int64_t>{999, 749, 499, 249}));
  EXPECT_THROW(dpm->setTimesteps(0), Error);
  EXPECT_THROW(dpm->setTimesteps(1001), Error);
}

// The same denoiser expressed as epsilon, v or x0 must give the same trajectory.
TEST(Schedulers, PredictionTypesAgree) {
  torch::manual_seed(0);
  const auto x_init = torch::randn({2, 4, 3, 8, 8});
  const auto denoiser_noise = torch::randn({2, 4, 3, 8, 8});
  for (auto kind : {SchedulerKind::Ddim, SchedulerKind::DpmSolverPP}) {
    std::map<PredictionType, torch::Tensor> results;
    for (auto type : {PredictionType::Epsilon, PredictionType::VPrediction, PredictionType::Sample}) {
      auto config = modelScopeConfig(kind);
      config.prediction_type = type;
      auto scheduler = makeScheduler(config);
      scheduler->setTimesteps(10);
      auto x = x_init.clone();
      for (int64_t t : scheduler->timesteps()) {
        const auto eps = denoiser_noise * 0.8 + x * 0.2;
        const auto a = torch::tensor(scheduler->schedule().alphaProd(t));
        torch::Tensor output = eps;
        if (type == PredictionType::VPrediction) output = velocityFromEpsilon(eps, x, a);
        if (type == PredictionType::Sample) output = (x - (1 - a).sqrt() * eps) / a.sqrt();
        x = scheduler->step(output, t, x).prev_sample;
      }
      results[type] = x;
    }
    const auto& reference = results[PredictionType::Epsilon];
    EXPECT_LT(relativeL2(results[PredictionType::VPrediction], reference), 1e-5) << static_cast<int>(kind);
    EXPECT_LT(relativeL2(results[PredictionType::Sample], reference), 1e-5) << static_cast<int>(kind);
    EXPECT_GT(reference.abs().max().item<float>(), 0.f);
  }
}

// First-order DPM-Solver++ is DDIM (eta = 0) written in log-SNR: with the same timesteps they agree.
TEST(Schedulers, DpmOrderOneEqualsDdim) {
  auto ddim_config = modelScopeConfig(SchedulerKind::Ddim);  // leading, 25 steps: 960, 920, ..., 0
  auto dpm_config = modelScopeConfig(SchedulerKind::DpmSolverPP);
  dpm_config.timestep_spacing = TimestepSpacing::Leading;  // 24 steps: 1000 // 25 = 40 -> 960, ..., 40
  dpm_config.solver_order = 1;
  auto ddim = makeScheduler(ddim_config);
  auto dpm = makeScheduler(dpm_config);
  ddim->setTimesteps(25);
  dpm->setTimesteps(24);
  torch::manual_seed(1);
  auto x_ddim = torch::randn({1, 4, 2, 8, 8});
  auto x_dpm = x_ddim.clone();
  const auto noise = torch::randn({1, 4, 2, 8, 8});
  for (int k = 0; k < 23; ++k) {  // the last DPM step goes to sigma 0, DDIM's to t = 0
    ASSERT_EQ(ddim->timesteps()[k], dpm->timesteps()[k]);
    x_ddim = ddim->step(noise + 0.1 * x_ddim, ddim->timesteps()[k], x_ddim).prev_sample;
    x_dpm = dpm->step(noise + 0.1 * x_dpm, dpm->timesteps()[k], x_dpm).prev_sample;
  }
  EXPECT_LT(relativeL2(x_dpm, x_ddim), 1e-5);
}

TEST(Schedulers, DpmRejectsStepsOutOfOrderAndEta) {
  auto dpm = makeScheduler(modelScopeConfig(SchedulerKind::DpmSolverPP));
  const auto x = torch::zeros({1, 4, 1, 2, 2});
  EXPECT_THROW(dpm->step(x, 999, x), Error);  // before setTimesteps
  dpm->setTimesteps(5);
  EXPECT_THROW(dpm->step(x, 998, x), Error);  // not in the schedule
  dpm->step(x, dpm->timesteps()[0], x);
  EXPECT_THROW(dpm->step(x, dpm->timesteps()[2], x), Error);  // skips one
  EXPECT_THROW(dpm->setEta(0.5, std::make_shared<NoiseStreams>(std::vector<uint64_t>{1})), Error);
}

TEST(Schedulers, DdimEtaNoiseIsSeededPerSample) {
  const auto config = modelScopeConfig(SchedulerKind::Ddim);
  torch::manual_seed(2);
  const auto x = torch::randn({2, 4, 2, 4, 4});
  const auto eps = torch::randn({2, 4, 2, 4, 4});
  const auto run = [&](const torch::Tensor& sample, const torch::Tensor& output,
                       std::vector<uint64_t> seeds) {
    auto ddim = makeScheduler(config);
    ddim->setTimesteps(10);
    ddim->setEta(1.0, std::make_shared<NoiseStreams>(seeds));
    auto y = sample;
    for (int k = 0; k < 3; ++k) y = ddim->step(output, ddim->timesteps()[k], y).prev_sample;
    return y;
  };
  const auto pair = run(x, eps, {3, 4});
  // Sample 1 of the batch equals a batch of one with its seed.
  EXPECT_TRUE(torch::equal(pair[1], run(x.slice(0, 1), eps.slice(0, 1), {4})[0]));
  EXPECT_TRUE(torch::equal(pair, run(x, eps, {3, 4})));
  EXPECT_FALSE(torch::allclose(pair, run(x, eps, {3, 5})));

  // One step against the DDIM formula with sigma_t = eta * sqrt((1 - a_prev) / (1 - a) * (1 - a / a_prev)).
  auto ddim = makeScheduler(config);
  ddim->setTimesteps(10);
  ddim->setEta(1.0, std::make_shared<NoiseStreams>(std::vector<uint64_t>{3, 4}));
  const int64_t t = ddim->timesteps()[0], t_prev = ddim->timesteps()[1];
  const double a = ddim->schedule().alphaProd(t), a_prev = ddim->schedule().alphaProd(t_prev);
  const double sigma = std::sqrt((1 - a_prev) / (1 - a) * (1 - a / a_prev));
  const auto x0 = (x.to(torch::kFloat64) - std::sqrt(1 - a) * eps.to(torch::kFloat64)) / std::sqrt(a);
  const auto noise = NoiseStreams({3, 4}).next({4, 2, 4, 4}).to(torch::kFloat64);
  const auto expected = std::sqrt(a_prev) * x0 + std::sqrt(1 - a_prev - sigma * sigma) * eps + sigma * noise;
  EXPECT_LT(relativeL2(ddim->step(eps, t, x).prev_sample, expected), 1e-6);
  EXPECT_THROW(ddim->step(eps.slice(0, 0, 1), t_prev, x.slice(0, 0, 1)), Error);  // 2 streams, batch of 1
}

// ---- Guidance and conversions ----

TEST(Guidance, CombinesUnconditionalAndConditional) {
  torch::manual_seed(3);
  const auto uncond = torch::randn({2, 4, 3, 4, 4}), cond = torch::randn({2, 4, 3, 4, 4});
  const auto expected =
      uncond.to(torch::kFloat64) + 7.5 * (cond.to(torch::kFloat64) - uncond.to(torch::kFloat64));
  EXPECT_LT(relativeL2(guidance(uncond, cond, 7.5), expected), 1e-6);
  EXPECT_TRUE(torch::equal(guidance(uncond, cond, 0.0), uncond));
  EXPECT_TRUE(torch::allclose(guidance(uncond, cond, 1.0), cond, 1e-6, 1e-6));
}

TEST(Guidance, VelocityConversionsRoundTrip) {
  const NoiseSchedule schedule(modelScopeConfig(SchedulerKind::Ddim));
  torch::manual_seed(4);
  const auto x0 = torch::randn({3, 4, 2, 4, 4}), noise = torch::randn({3, 4, 2, 4, 4});
  const auto timesteps = torch::tensor({10, 500, 990});
  const auto x_t = schedule.addNoise(x0, noise, timesteps);
  const auto v = schedule.velocity(x0, noise, timesteps);
  const auto a = torch::tensor({schedule.alphaProd(10), schedule.alphaProd(500), schedule.alphaProd(990)})
                     .view({3, 1, 1, 1, 1});
  EXPECT_LT(relativeL2(x_t[1], std::sqrt(schedule.alphaProd(500)) * x0[1] +
                                   std::sqrt(1 - schedule.alphaProd(500)) * noise[1]),
            1e-6);
  EXPECT_LT(relativeL2(originalFromVelocity(v, x_t, a), x0), 1e-5);
  EXPECT_LT(relativeL2(epsilonFromVelocity(v, x_t, a), noise), 1e-5);
  EXPECT_LT(relativeL2(velocityFromEpsilon(noise, x_t, a), v), 1e-4);  // divides by sqrt(a) ~ 0.07 at t = 990
}

// ---- Seeded noise ----

TEST(Noise, SameSeedSameNoiseDifferentSeedDifferent) {
  const auto a = initialNoise(42, {4, 3, 8, 8});
  EXPECT_EQ(a.sizes(), (std::vector<int64_t>{4, 3, 8, 8}));
  EXPECT_EQ(a.scalar_type(), torch::kFloat32);
  EXPECT_TRUE(torch::equal(a, initialNoise(42, {4, 3, 8, 8})));
  EXPECT_FALSE(torch::allclose(a, initialNoise(43, {4, 3, 8, 8})));
  EXPECT_NEAR(a.std().item<float>(), 1.0f, 0.15f);
  // The global generator plays no part.
  torch::manual_seed(123);
  EXPECT_TRUE(torch::equal(a, initialNoise(42, {4, 3, 8, 8})));
  // dtype conversion happens after drawing in float32.
  EXPECT_TRUE(torch::equal(initialNoise(42, {4, 3, 8, 8}, torch::kBFloat16), a.to(torch::kBFloat16)));
}

TEST(Noise, IndependentOfBatchComposition) {
  const std::vector<int64_t> shape{4, 3, 8, 8};
  const auto batch = initialNoiseBatch(100, 3, shape);
  EXPECT_EQ(batch.sizes(), (std::vector<int64_t>{3, 4, 3, 8, 8}));
  for (int64_t i = 0; i < 3; ++i) EXPECT_TRUE(torch::equal(batch[i], initialNoise(100 + i, shape))) << i;
  EXPECT_TRUE(torch::equal(initialNoiseBatch(101, 2, shape)[0], batch[1]));
  // Streams: the first draw is the initial noise, later draws continue each sample's own generator.
  NoiseStreams streams({100, 101});
  EXPECT_TRUE(torch::equal(streams.next(shape), batch.slice(0, 0, 2)));
  NoiseStreams alone({101});
  alone.next(shape);
  EXPECT_TRUE(torch::equal(streams.next(shape)[1], alone.next(shape)[0]));
}

TEST(Noise, CorrelatedFramesKeepUnitVarianceAndTakeTheAskedCorrelation) {
  // [videos, C, F, H, W]: many independent samples of 16 frames.
  const auto iid = initialNoise(5, {4000, 2, 16, 2, 2});
  EXPECT_TRUE(correlateFrames(iid, 0.0, 2).is_same(iid));
  const auto mixed = correlateFrames(iid, 0.5, 2);
  EXPECT_NEAR(mixed.var().item<double>(), 1.0, 0.02);
  auto correlation = [](const torch::Tensor& x, int64_t f, int64_t g) {
    return (x.select(2, f) * x.select(2, g)).mean().item<double>();
  };
  EXPECT_NEAR(correlation(mixed, 0, 1), 0.5, 0.03);
  EXPECT_NEAR(correlation(mixed, 3, 15), 0.5, 0.03);
  EXPECT_NEAR(correlation(iid, 3, 15), 0.0, 0.03);
  // No correlation across the other axes (channels).
  EXPECT_NEAR((mixed.select(1, 0) * mixed.select(1, 1)).mean().item<double>(), 0.0, 0.03);
  EXPECT_THROW(correlateFrames(iid, 1.0, 2), Error);
  EXPECT_THROW(correlateFrames(iid, -0.1, 2), Error);
  // Streams with a correlation draw the same numbers and map them: a seed still gives one video.
  const std::vector<int64_t> shape{2, 16, 4, 4};
  NoiseStreams streams({7, 8}, 0.5);
  EXPECT_TRUE(torch::allclose(streams.next(shape), correlateFrames(initialNoiseBatch(7, 2, shape), 0.5, 2)));
}

}  // namespace
}  // namespace aicl
