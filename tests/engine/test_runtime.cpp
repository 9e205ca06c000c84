#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>

#include "aicl/runtime.h"

TEST(Runtime, UsesTheRequestedThreadCount) {
  unsetenv("AICL_THREADS");
  aicl::RuntimeOptions options = aicl::defaultRuntimeOptions();
  options.threads = 1;
  EXPECT_EQ(aicl::initRuntime(options).threads, 1);
  EXPECT_EQ(torch::get_num_threads(), 1);
}

TEST(Runtime, DefaultsToEveryCore) {
  unsetenv("AICL_THREADS");
  const auto info = aicl::initRuntime(aicl::defaultRuntimeOptions());
  EXPECT_EQ(info.threads, static_cast<int>(std::thread::hardware_concurrency()));
}

TEST(Runtime, EnvironmentOverridesAndBadValuesAreIgnored) {
  setenv("AICL_THREADS", "1", 1);
  EXPECT_EQ(aicl::initRuntime(aicl::defaultRuntimeOptions()).threads, 1);
  setenv("AICL_THREADS", "many", 1);
  aicl::RuntimeOptions options;
  options.threads = 2;
  EXPECT_EQ(aicl::initRuntime(options).threads, 2);
  unsetenv("AICL_THREADS");
}

// The project's set-up installs OpenBLAS and links tcmalloc into every executable: both are part of the product.
TEST(Runtime, RunsOnOpenBlasAndTcmalloc) {
  const auto info = aicl::initRuntime(aicl::defaultRuntimeOptions());
  EXPECT_NE(info.blas.find("OpenBLAS"), std::string::npos) << info.blas;
  EXPECT_EQ(info.allocator, "tcmalloc");
  EXPECT_FALSE(info.torch_version.empty());
}

// A matmul must run at BLAS speed, not at netlib's 4 GFLOP/s: 512^3 * 2 = 0.27 GFLOP in well under a second.
TEST(Runtime, MatmulIsNotReferenceBlas) {
  aicl::initRuntime(aicl::defaultRuntimeOptions());
  auto a = torch::randn({512, 512});
  auto b = torch::randn({512, 512});
  auto c = torch::matmul(a, b);  // warm-up
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 4; ++i) c = torch::matmul(a, b);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 1.0) << "4 matmuls of 512^2 took " << seconds << " s";
  EXPECT_TRUE(torch::allclose(c, torch::matmul(a, b)));
}
